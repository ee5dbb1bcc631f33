"""The console: answers rendered as plain text for a terminal."""

from __future__ import annotations

import dataclasses
import os

from ..answer import Answer


def format_answer(ans: Answer) -> str:
    """Plain-text rendering for terminals."""
    out = []
    if ans.safety:
        out.append("⚠ " + ans.safety.text)
        out.append("")
    if ans.what_to_do is not None:  # after the card, never a refusal
        ans = dataclasses.replace(ans, answered=True, results=[ans.what_to_do])
    if not ans.answered:
        out.append(
            "لا يبدو أن المبادئ التوجيهية تغطي هذا السؤال. جرّب صياغة أخرى أو كلمات أبسط."
            if ans.lang == "ar"
            else "The guidelines do not seem to cover this question. Try other or simpler words."
        )
        if ans.pointer:
            out.append(ans.pointer)
        if ans.results:
            near = ", ".join(dict.fromkeys(r.hit.section for r in ans.results[:3]))
            out.append(("أقرب المواضيع: " if ans.lang == "ar" else "Nearest topics: ") + near)
        return "\n".join(out)
    best = ans.results[0]
    out.append(best.excerpt)
    if best.general:
        out.append("(general child-protection advice, not the ITU text)" if ans.lang == "en"
                   else "(نصيحة عامة في حماية الأطفال، وليست نص إرشادات الاتحاد)")
    out.append(f"— {best.citation.document} › {best.citation.section}")
    out.append(f"  {best.citation.url}")
    if best.pair:
        out.append(f"  ({'English' if ans.lang == 'ar' else 'العربية'}: {best.pair.id})")
    for r in ans.results[1:3]:
        out.append(f"  · {r.citation.section} ({r.hit.id})")
    return "\n".join(out)


def terminal_text(text: str) -> str:
    """Arabic shown correctly in terminals that do not apply the bidi algorithm themselves.

    Most modern terminals (GNOME, iTerm2, Windows Terminal) reorder right-to-left text; for
    those that do not, COP_BIDI=1 asks for python-bidi style reordering if it is installed.
    """
    if os.environ.get("COP_BIDI") != "1":
        return text
    try:
        from bidi.algorithm import get_display  # optional; not a dependency
    except ImportError:
        return text
    return "\n".join(get_display(line) for line in text.splitlines())
