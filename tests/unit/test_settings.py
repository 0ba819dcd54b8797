from __future__ import annotations

from pathlib import Path

import pytest

from marsad.errors import ConfigError
from marsad.settings import SETTINGS, Settings, load_settings


def test_precedence_defaults_file_env_flags(tmp_path: Path) -> None:
    cfg = tmp_path / "m.toml"
    cfg.write_text('db = "file.db"\nbatch_size = 7\n', encoding="utf-8")
    assert load_settings(cfg, env={}).db == "file.db"
    assert load_settings(cfg, env={"MARSAD_DB": "env.db"}).db == "env.db"
    s = load_settings(cfg, env={"MARSAD_DB": "env.db"}, db="flag.db", batch_size=None)
    assert s.db == "flag.db" and s.batch_size == 7
    assert load_settings(None, env={}).db == Settings().db or Path("marsad.toml").exists()


def test_marsad_table_and_config_from_env(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[marsad]\nmax_doc_bytes = 100\n', encoding="utf-8")
    assert load_settings(env={"MARSAD_CONFIG": str(cfg)}).max_doc_bytes == 100


@pytest.mark.parametrize(
    "text,match",
    [("nope = 1\n", "unknown setting"), ("batch_size = 'x'\n", "must be int"), ("db = \n", "not valid TOML")],
)
def test_bad_config_is_a_clear_error(tmp_path: Path, text: str, match: str) -> None:
    cfg = tmp_path / "bad.toml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=match):
        load_settings(cfg, env={})


def test_missing_config_file() -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_settings("/nonexistent/marsad.toml", env={})


def test_jsonl_mapping() -> None:
    assert Settings(jsonl_fields="text=content, id=docno").jsonl_mapping() == {"text": "content", "id": "docno"}
    with pytest.raises(ConfigError):
        Settings(jsonl_fields="text").jsonl_mapping()
    with pytest.raises(ConfigError, match="unknown field"):
        Settings(jsonl_fields="body=content").jsonl_mapping()


def test_every_setting_has_help() -> None:
    for s in SETTINGS:
        assert len(s.help) > 20 and isinstance(s.default, s.type)
