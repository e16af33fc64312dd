"""Pure helpers without Django imports."""
