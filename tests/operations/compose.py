"""The compose stack as the tests read it: each service's keys, from the file or from docker.

The scaling tests check the stack itself; the fault tests use it to start workers on the
same queues as production.
"""
import json
import os
import re
import secrets
import subprocess

import pytest

from .production import ROOT

COMPOSE = ROOT / "docker-compose.yml"


def _blocks(lines, indent):
    """{key: [rest of the key's line, *its deeper lines]} for the keys at exactly `indent`."""
    blocks, key = {}, None
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        depth = len(line) - len(line.lstrip())
        if depth < indent:
            break
        if depth == indent and not stripped.startswith("-"):
            key, _, rest = stripped.partition(":")
            blocks[key] = [rest]
        elif key is not None:
            blocks[key].append(line)
    return blocks


def services_from_file():
    """Each service's keys with their text, `<<: *anchor` merges applied.

    The file's block layout is two levels deep where these tests look (service, key), so
    it is read by indentation; no YAML library is needed.
    """
    top = _blocks(COMPOSE.read_text().splitlines(), 0)
    anchors = {rest[0].strip().lstrip("&"): _blocks(rest[1:], 2) for rest in top.values()
               if rest[0].strip().startswith("&")}
    found = {}
    for name, lines in _blocks(top["services"][1:], 2).items():
        keys = _blocks(lines[1:], 4)
        merged = anchors[keys.pop("<<")[0].strip().lstrip("*")] if "<<" in keys else {}
        found[name] = {key: "\n".join(text) for key, text in {**merged, **keys}.items()}
    return found


def services_from_docker_compose():
    """The services as `docker compose config` resolves them (anchors, merges, defaults)."""
    env = {**os.environ, "SECRET_KEY": secrets.token_urlsafe(50)}  # compose has no default for it
    try:
        # A docker CLI may exist without its compose plugin: ask the plugin itself first.
        plugin = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True, timeout=30)
    except FileNotFoundError:
        pytest.skip("docker is not installed")
    if plugin.returncode != 0:
        said = (plugin.stderr or plugin.stdout).strip().splitlines()
        pytest.skip(f"the docker compose plugin is not installed ({said[0] if said else f'exit {plugin.returncode}'})")
    result = subprocess.run(["docker", "compose", "config", "--format", "json"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return {name: {key: json.dumps(value) for key, value in service.items()}
            for name, service in json.loads(result.stdout)["services"].items()}


def consumed_queues(service):
    match = re.search(r"--queues\W+([\w,]+)", service["command"])
    return set(match.group(1).split(",")) if match else set()
