"""gunicorn's entry point: `gunicorn -c gunicorn.conf.py wsgi:app`."""
from searchapp.web import create_app

app = create_app()
