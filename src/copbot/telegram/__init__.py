"""The Telegram adapter: the only part of the project that imports python-telegram-bot.

config (settings from the environment), texts (UI strings, Arabic and English), render (HTML
and message splitting), views (each screen: its HTML and buttons), topics (browsing a
document's sections), state (the bot's own SQLite database), services (what handlers share),
handlers, app (wiring and run()).
"""
