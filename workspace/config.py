"""Settings from the environment; development keeps a generated secret in instance/."""

import os
import secrets
from datetime import timedelta
from pathlib import Path


def _instance_secret(instance_path: str) -> str:
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def load_config(instance_path: str) -> dict:
    env = os.environ.get("ALINEA_ENV", "development")
    secret = os.environ.get("SECRET_KEY")
    if not secret:
        if env == "production":
            raise RuntimeError("SECRET_KEY must be set when ALINEA_ENV=production")
        secret = _instance_secret(instance_path)
    default_db = "sqlite:///" + str(Path(instance_path) / "alinea.db")
    return {
        "ENV_NAME": env,
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL", default_db),
        # A pooled connection the database dropped (a restart, a failover) is replaced, not used.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        # Behind N reverse proxies: trust N hops of X-Forwarded-For/-Proto/-Host (0: none).
        "PROXY_FIX_HOPS": int(os.environ.get("PROXY_FIX_HOPS", "0")),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "") == "1",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": os.environ.get("SESSION_COOKIE_SECURE", "") == "1",
        "REMEMBER_COOKIE_DURATION": timedelta(days=14),
        # Idle timeout; the absolute lifetime is checked on every request (auth.sessions).
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=8),
        # The cookie is re-signed when the session changes, which `seen_at` does every minute
        # of activity (auth.sessions); re-signing it on every response only costs time.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "SESSION_ABSOLUTE_LIFETIME": timedelta(days=7),
        # CSRF tokens live as long as the session, so pages left open keep working.
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 10 * 1024 * 1024,
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        # Off: every answer of a limited route carried the limiter's Retry-After, even a 422
        # and the sign-in throttle's 429 whose own Retry-After says the real wait.
        "RATELIMIT_HEADERS_ENABLED": False,
        # Wrong passwords free per account and address; then each waits twice as long.
        "SIGN_IN_FREE_FAILURES": 5,
        "SIGN_IN_MAX_DELAY_MINUTES": 15,
        "API_RATE_PER_MINUTE": int(os.environ.get("API_RATE_PER_MINUTE", "600")),
        "INVITATION_DAYS": 7,
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "587")),
        "MAIL_USE_TLS": os.environ.get("MAIL_USE_TLS", "1") == "1",
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_SENDER": os.environ.get("MAIL_SENDER", "alinea@localhost"),
        "BABEL_DEFAULT_LOCALE": "en",
        "LANGUAGES": {"en": "English", "es": "Español"},
    }


def config_for_tests(database_url: str) -> dict:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "RATELIMIT_ENABLED": False,
        "SERVER_NAME": None,
    }
