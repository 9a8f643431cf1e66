"""Settings behave as documented: refuse bad values, pass the deployment checklist."""

import os
import subprocess
import sys

from django.conf import settings

PRODUCTION_ENV = {
    "PATH": os.environ["PATH"],
    "DJANGO_SECRET_KEY": "prod-like-" + "x7Gq2vLp9RtW4zKc8NbY3mHs6JdF1aQe5UiO0" * 2,
    "DJANGO_ALLOWED_HOSTS": "wissen.example.org",
}


def run_manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_reports_no_warnings_under_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_a_wrong_boolean_setting_is_a_clear_start_up_error():
    result = run_manage("check", env={**PRODUCTION_ENV, "DJANGO_DEBUG": "vielleicht"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG='vielleicht' is not a boolean" in result.stderr


def test_german_is_the_default_language():
    assert settings.LANGUAGE_CODE == "de"
    assert settings.TIME_ZONE == "Europe/Berlin"


def test_a_review_interval_of_zero_days_is_a_clear_start_up_error():
    result = run_manage("check", env={**PRODUCTION_ENV, "DJANGO_REVIEW_INTERVAL_DAYS": "0"})
    assert result.returncode != 0
    assert "DJANGO_REVIEW_INTERVAL_DAYS='0' must be at least 1" in result.stderr


def test_the_review_interval_defaults_to_a_year():
    assert settings.REVIEW_INTERVAL_DAYS == 365


def test_a_cache_url_that_is_not_redis_is_a_clear_start_up_error():
    result = run_manage("check", env={**PRODUCTION_ENV, "DJANGO_CACHE_URL": "memcached://x:1"})
    assert result.returncode != 0
    assert "is not a redis:// URL" in result.stderr


def test_a_redis_cache_url_gives_every_server_one_shared_cache():
    code = (
        "from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], settings.PAGE_CACHE_VERSION_IN_CACHE)"
    )
    env = {**PRODUCTION_ENV, "DJANGO_CACHE_URL": "redis://127.0.0.1:6379/8"}
    shared = run_manage("shell", "-c", code, env=env)
    assert "RedisCache True" in shared.stdout, shared.stderr
    local = run_manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert "ByteBoundedLocMemCache False" in local.stdout, local.stderr
