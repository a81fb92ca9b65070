"""The web app: the search page, the article page and their JSON twins under /api/."""
from .app import create_app

__all__ = ["create_app"]
