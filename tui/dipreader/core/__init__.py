"""The core: the model and everything that computes. Never imports Textual."""
