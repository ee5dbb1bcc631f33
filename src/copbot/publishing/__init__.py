"""Publishing and live reload: a new index is built, gated and put in place without stopping the
index that serves (`publish`, with its change report in `changes`), and a running bot picks the
new file up by itself (`live`).
"""
