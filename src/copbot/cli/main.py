"""Command line: `cop-bot build | ask | chat | eval | decide | gaps | safety | run` (also `python -m copbot`).

The edge where argv and the environment are read and where the core's exceptions become one-line
messages and exit statuses: 0 success, 1 a failed operation (bad corpus, bad index), 2 bad usage
or input.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import os
import sys
from pathlib import Path

from ..analysis import Analyzer
from ..answer import Answer, Answerer, EmptyQuestion
from ..answer.decision import Decision
from ..corpus import AUDIENCES, Corpus, CorpusError, load_corpus
from ..corpus.validate import validated_corpus
from ..paths import Paths, is_database_url
from ..publishing.publish import publish
from ..quality import decision_fit
from ..quality.blind import BlindSet, BlindSetError
from ..quality.blind import metrics as blind_metrics
from ..quality.blind import run as run_blind
from ..quality.gaps import gaps
from ..quality.gate import GateConfig, GateFailed
from ..quality.questions import QuestionSetError, question_metrics, read_questions, run_questions
from ..quality.retrieval import EvalInputError, evaluate
from ..search import Index, IndexError_, IndexMissing, read_meta
from .console import format_answer, terminal_text
from .progress import Progress

log = logging.getLogger(__name__)


class UsageError(Exception):
    """Bad input from the user; exit status 2."""


def _summary(corpus: Corpus) -> str:
    counts = ", ".join(f"{k}: {v}" for k, v in corpus.passages_per_lang().items())
    return f"{len(corpus.documents)} documents, {len(corpus.passages)} passages ({counts})"


def build(
    corpus_dir: Path,
    index_path: Path,
    check_only: bool = False,
    gate: GateConfig | None = None,
    force: bool = False,
    progress: Progress | None = None,
) -> str:
    """Validate the corpus and (unless check_only) publish the index. Returns the report."""
    if check_only:
        corpus = validated_corpus(corpus_dir, progress)
        if progress is not None:
            progress.done()
        for w in corpus.warnings:
            log.warning("%s", w)
        return f"corpus OK: {_summary(corpus)}, {len(corpus.warnings)} warnings"
    done = publish(corpus_dir, index_path, gate=gate, force=force, progress=progress)
    for w in done.corpus.warnings:
        log.warning("%s", w)
    lines = [*done.report.lines(), *(done.gate.lines() if done.gate else [])]
    if done.forced:
        lines.append("published with --force although the quality gate failed")
    lines.append(f"index written to {index_path}: {_summary(done.corpus)} in {done.build_seconds} s")
    return "\n".join(lines)


def ensure_index(corpus_dir: Path, index_path: Path) -> None:
    """Build the index when it is missing or older than the corpus or the analyzer."""
    reason = None
    try:
        meta = read_meta(index_path)
        if meta.get("analyzer") != Analyzer().settings.fingerprint():
            reason = "it was built with other analyzer settings"
        elif meta.get("corpus_checksum") != load_corpus(corpus_dir).checksum():
            reason = "the corpus has changed"
    except IndexMissing:
        reason = "it does not exist yet"
    except IndexError_ as exc:
        reason = str(exc)
    if reason:
        print(f"building the index ({reason})…", file=sys.stderr)
        print(build(corpus_dir, index_path), file=sys.stderr)


def open_answerer(args: argparse.Namespace, decision: Decision | None = None) -> Answerer:
    index_path = Path(args.index)
    if not args.no_build and Path(args.corpus).is_dir():
        ensure_index(Path(args.corpus), index_path)
    return Answerer(Index(index_path, Analyzer()), decision=decision)


def gate_config(args: argparse.Namespace) -> GateConfig | None:
    """The quality gate of this build: --gate, else $COP_GATE, else the corpus folder's
    quality_gate.toml. A gate file named explicitly must exist; a corpus folder without one is
    built without a gate, and the build says so."""
    if args.no_gate:
        return None
    paths: Paths = args.paths
    explicit = Path(args.gate) if args.gate else paths.gate_file
    path = explicit or paths.gate(Path(args.corpus))
    if explicit is None and not path.exists():
        if not args.check:
            print(f"note: no quality gate ({path} not found): the index is published "
                  "without running a question set", file=sys.stderr)
        return None
    gate = GateConfig.from_file(path)
    if args.questions:
        gate = GateConfig(Path(args.questions), gate.recall_at_3, gate.refusal_rate)
    return gate


def cmd_build(args: argparse.Namespace) -> int:
    report = build(Path(args.corpus), Path(args.index), check_only=args.check,
                   gate=gate_config(args), force=args.force, progress=Progress())
    print(report)
    return 0


def _ask_one(answerer: Answerer, question: str, args: argparse.Namespace) -> Answer:
    return answerer.answer(question, lang=args.lang, audience=args.audience, k=args.k)


def cmd_ask(args: argparse.Namespace) -> int:
    if args.question == "-":
        answerer = open_answerer(args)
        # undecodable bytes become U+FFFD instead of ending the run
        stdin = io.TextIOWrapper(sys.stdin.buffer, encoding="utf-8", errors="replace")
        for line in stdin:
            query = line.rstrip("\n")
            try:
                row = _ask_one(answerer, query, args).to_json()
            except EmptyQuestion as exc:
                row = {"query": query, "error": str(exc)}
            print(json.dumps(row, ensure_ascii=False), flush=True)  # always JSON lines
        return 0
    if not args.question.strip():
        raise UsageError("the question is empty: ask something, e.g. cop-bot ask \"what is grooming?\"")
    answerer = open_answerer(args)
    ans = _ask_one(answerer, args.question, args)
    if args.json:
        print(json.dumps(ans.to_json(), ensure_ascii=False, indent=2))
    else:
        print(terminal_text(format_answer(ans)))
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    answerer = open_answerer(args)
    print("COP guidelines assistant. Ask in Arabic or English; an empty line or Ctrl-D quits.")
    print("مساعد المبادئ التوجيهية لحماية الأطفال على الإنترنت. اسأل بالعربية أو الإنجليزية.")
    while True:
        try:
            question = input("\n> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not question.strip():
            return 0
        ans = _ask_one(answerer, question, args)
        print(terminal_text(format_answer(ans)))


def cmd_eval(args: argparse.Namespace) -> int:
    if args.blind:
        if args.questions or args.passages or args.queries or args.qrels:
            raise UsageError("give --blind alone, or --questions, or --passages/--queries/--qrels")
        return _eval_blind(args)
    if args.questions:
        if args.passages or args.queries or args.qrels:
            raise UsageError("give either --questions or --passages/--queries/--qrels")
        return _eval_questions(args)
    if not (args.passages and args.queries and args.qrels):
        raise UsageError("--passages, --queries and --qrels are needed (or --questions DIR)")
    result = evaluate(Path(args.passages), Path(args.queries), Path(args.qrels))
    if args.json:
        print(json.dumps(result))
    else:
        width = max(len(k) for k in result)
        for key, value in result.items():
            print(f"{key:<{width}}  {value}")
    return 0


def _eval_questions(args: argparse.Namespace) -> int:
    """The question set through the real index (built first when missing or stale)."""
    try:
        questions = read_questions(Path(args.questions))
    except QuestionSetError as exc:
        raise UsageError(str(exc)) from exc
    answerer = open_answerer(args)
    result = question_metrics(run_questions(answerer, questions))
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    print(f"{'':24} {'n':>4} {'r@1':>6} {'r@3':>6} {'r@5':>6} {'mrr@10':>7} {'answered':>9}")
    for name, row in [*result["by_lang"].items(), *result["by_lang_audience"].items()]:
        print(f"{name:24} {row['n']:>4} {row['recall@1']:>6} {row['recall@3']:>6} "
              f"{row['recall@5']:>6} {row['mrr@10']:>7} {row['answered']:>9}")
    for key in ("offtopic_refused", "urgent_with_card", "calm_without_card"):
        if key in result:
            print(f"{key:24} {result[key]['n']:>4} {result[key]['rate']:>6}")
    return 0


def _read_blind(files: list[str], judgments: str | None) -> list[BlindSet]:
    try:
        return [BlindSet.read(Path(f), Path(judgments) if judgments else None) for f in files]
    except BlindSetError as exc:
        raise UsageError(str(exc)) from exc


def _eval_blind(args: argparse.Namespace) -> int:
    """A blind set's figures per language (corpus/blind/README.md); `--unjudged`: the top-3
    passages still to be judged, as JSON lines for the assessors."""
    sets = _read_blind(args.blind, args.judgments)
    answerer = open_answerer(args)
    outcomes = [o for blind_set in sets for o in run_blind(answerer, blind_set)]
    if args.unjudged:
        texts_ = {q["id"]: q for blind_set in sets for q in blind_set.questions}
        for o in outcomes:
            missing = [pid for pid, g in zip(o.top, o.grades, strict=True) if g is None]
            if missing and o.type in ("question", "offtopic"):
                q = texts_[o.id]
                print(json.dumps({"id": o.id, "text": q["text"], "need": q["need"],
                                  "passages": missing}, ensure_ascii=False))
        return 0
    result = blind_metrics(outcomes)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    keys = ("first_2", "top3_2", "top3_2_answerable", "wrong_refusals", "offtopic_refused",
            "urgent_card", "smalltalk_in_kind")
    print(f"{'':5} {'n':>4} {'answerable':>10} " + " ".join(f"{k:>17}" for k in keys))
    for lang, row in result["by_lang"].items():
        cells = [f"{row[k]['k']}/{row[k]['n']} {row[k]['rate']:.2f}" if k in row else "-" for k in keys]
        print(f"{lang:5} {row['questions']:>4} {row['answerable']:>10} "
              + " ".join(f"{c:>17}" for c in cells))
        if row.get("unjudged"):
            print(f"      {row['unjudged']} top-3 passages not judged yet (--unjudged lists them)")
    return 0


def cmd_decide(args: argparse.Namespace) -> int:
    """`decide fit`: fit the answer/refuse decision on the question set and judged blind sets."""
    try:
        questions = read_questions(Path(args.questions or Path(args.corpus) / "questions"))
    except QuestionSetError as exc:
        raise UsageError(str(exc)) from exc
    sets = _read_blind(args.blind, None)
    answerer = open_answerer(args, Decision.neutral())  # the features do not depend on the model
    model = decision_fit.fit(decision_fit.examples(answerer, questions, sets))
    decision_fit.write(model, Path(args.out) if args.out else decision_fit.MODEL_PATH)
    print(json.dumps(model["meta"]))
    return 0


def cmd_gaps(args: argparse.Namespace) -> int:
    """The bot's unanswered questions grouped by nearest section, with the words that section
    lacks: candidates for its keywords or asked-as questions (quality/gaps.py)."""
    from ..telegram.state import State  # the bot's own database: read here, nowhere else in cli

    where: Path | str = args.state if is_database_url(args.state) else Path(args.state)
    if isinstance(where, Path) and not where.is_file():
        raise UsageError(f"{where}: no state database (the bot has not run with it)")
    state = State(where)
    try:
        questions = state.unanswered()
    finally:
        state.close()
    found = gaps(open_answerer(args), questions)
    if args.json:
        for gap in found:
            print(json.dumps({"section": gap.section_id, "title": gap.section, "nearest": gap.passage_id,
                              "asked": gap.asked, "questions": gap.questions, "words": gap.words()},
                             ensure_ascii=False))
        return 0
    if not found:
        print("no unanswered questions kept")
    for gap in found:
        print(f"{gap.section_id or '(no passage near)'}  ({gap.asked}x)  {gap.section}")
        for question, times in gap.questions:
            print(f"    {times}x  {question}")
        if gap.words():
            print(f"    lacks: {', '.join(gap.words())}")
    return 0


def cmd_safety(args: argparse.Namespace) -> int:
    """`safety train`: fit the danger recogniser from labelled files and write its model;
    `safety eval FILE...`: how often the card comes up on a labelled set."""
    from ..quality.safety import card_figures, report
    from ..safety.model import MODEL_PATH, Model
    from ..safety.train import ExamplesError, example_files, read_examples, train, write_model

    try:
        if args.action == "train":
            folder = Path(args.train) if args.train else Path(args.corpus) / "safety" / "train"
            files = example_files(folder)
            if not files:
                print(f"error: {folder}: no labelled files (*.jsonl)", file=sys.stderr)
                return 2
            examples = read_examples(files)
            print(f"training on {len(examples)} messages from {len(files)} files…", file=sys.stderr)
            model = train(examples)
            out = Path(args.model or MODEL_PATH)
            write_model(model, out)
            cv = model.meta["cross_validation"]
            print(f"wrote {out}: threshold {model.threshold}, near {model.near}; cross-validated: "
                  f"card on {cv['urgent_carded']:.1%} of urgent, {cv['calm_carded']:.1%} of calm")
            return 0
        if not args.files:
            print("error: safety eval needs labelled files", file=sys.stderr)
            return 2
        model = Model.load(Path(args.model)) if args.model else Model.load()
        figures, mistakes = card_figures(model, read_examples([Path(f) for f in args.files]))
    except ExamplesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(report(figures))
    if args.show_mistakes:
        for e, p in mistakes:
            kind = "missed" if e.urgent else "false card"
            print(f"{kind:10} {p:.2f} {e.source}: {e.text}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from ..telegram.app import run  # imported here: the other commands do not need telegram

    return run()


def parser(paths: Paths | None = None) -> argparse.ArgumentParser:
    paths = paths or Paths.from_env(os.environ)
    p = argparse.ArgumentParser(prog="cop-bot", description=__doc__.splitlines()[0])
    p.add_argument("-v", "--verbose", action="store_true", help="log more")
    p.set_defaults(paths=paths)
    sub = p.add_subparsers(dest="command", required=True)

    def with_paths(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--corpus", default=str(paths.corpus),
                        help="corpus folder (default: $COP_CORPUS or corpus/ in $COP_HOME or here)")
        sp.add_argument("--index", default=str(paths.index),
                        help="index file (default: $COP_INDEX or index/cop.sqlite in $COP_HOME or here)")

    b = sub.add_parser("build", help="validate the corpus and build the index")
    with_paths(b)
    b.add_argument("--check", action="store_true", help="validate only; write nothing")
    b.add_argument("--force", action="store_true",
                   help="publish even if the quality gate fails (the report says so)")
    b.add_argument("--gate", help="quality gate thresholds "
                                  "(default: $COP_GATE, or quality_gate.toml in the corpus folder)")
    b.add_argument("--questions", help="question set folder (default: as in the gate file)")
    b.add_argument("--no-gate", action="store_true", help="skip the quality gate")
    b.set_defaults(func=cmd_build)

    for name, func, help_ in (("ask", cmd_ask, "answer one question (or '-' for stdin lines)"),
                              ("chat", cmd_chat, "interactive console chat")):
        a = sub.add_parser(name, help=help_)
        with_paths(a)
        a.add_argument("--lang", choices=("ar", "en"), help="search this language (default: detect)")
        a.add_argument("--audience", choices=AUDIENCES, help="only this guideline's passages")
        a.add_argument("-k", type=int, default=5, help="number of passages (default 5)")
        a.add_argument("--no-build", action="store_true", help="never build the index automatically")
        if name == "ask":
            a.add_argument("--json", action="store_true", help="print JSON")
            a.add_argument("question", help="the question, or - to read one per line from stdin")
        a.set_defaults(func=func)

    e = sub.add_parser("eval", help="retrieval metrics on a passage/query/qrels set, or on the "
                                    "question set through the real index")
    e.add_argument("--passages", help='JSONL: {"id","text","title"} per line')
    e.add_argument("--queries", help='JSONL: {"id","text"} per line')
    e.add_argument("--qrels", help="TSV: query-id passage-id")
    e.add_argument("--questions", help="a question-set folder (corpus/questions): run it "
                                       "against the index, per language and audience")
    e.add_argument("--blind", nargs="+", help="blind set files (corpus/blind/*.jsonl): what users "
                                             "see, per language, by the judgments beside them")
    e.add_argument("--judgments", help="--blind: the judgments file (default: judgments.jsonl "
                                       "beside each set)")
    e.add_argument("--unjudged", action="store_true", help="--blind: list top-3 passages not "
                                                           "judged yet, as JSON lines")
    with_paths(e)
    e.add_argument("--no-build", action="store_true", help="never build the index automatically")
    e.add_argument("--json", action="store_true", help="print JSON")
    e.set_defaults(func=cmd_eval)

    d = sub.add_parser("decide", help="fit the answer/refuse decision on judged questions")
    d.add_argument("action", choices=("fit",))
    d.add_argument("--questions", help="question-set folder (default: the corpus's questions/)")
    d.add_argument("--blind", nargs="*", default=[], help="judged blind dev sets")
    d.add_argument("--out", help="where to write the model (default: the package's decision.json)")
    with_paths(d)
    d.add_argument("--no-build", action="store_true", help="never build the index automatically")
    d.set_defaults(func=cmd_decide)

    g = sub.add_parser("gaps", help="unanswered questions by nearest section, with what it lacks")
    with_paths(g)
    g.add_argument("--state", default=str(paths.state),
                   help="the bot's state database (default: $COP_STATE or index/state.sqlite)")
    g.add_argument("--no-build", action="store_true", help="never build the index automatically")
    g.add_argument("--json", action="store_true", help="print JSON lines")
    g.set_defaults(func=cmd_gaps)

    s = sub.add_parser("safety", help="train the danger recogniser, or measure it on a labelled set")
    s.add_argument("action", choices=("train", "eval"))
    s.add_argument("files", nargs="*", help="eval: labelled JSONL files")
    s.add_argument("--train", help="train: folder of labelled files (default: safety/train in the "
                                   "corpus folder)")
    s.add_argument("--model", help="model file to write or read (default: the packaged one)")
    s.add_argument("--corpus", default=str(paths.corpus), help=argparse.SUPPRESS)
    s.add_argument("--show-mistakes", action="store_true", help="eval: list missed and false cards")
    s.set_defaults(func=cmd_safety)

    r = sub.add_parser("run", help="run the Telegram bot (configuration from the environment)")
    r.set_defaults(func=cmd_run)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if getattr(args, "k", 1) < 1:
        print("error: -k must be at least 1", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except (UsageError, EmptyQuestion, EvalInputError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (CorpusError, IndexError_, GateFailed, QuestionSetError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
