"""Runs the Nu Html Checker (vnu, from Maven Central via htmlcheck/pom.xml) on a folder of pages.

Maven resolves the validator's classpath once into htmlcheck/target/classpath.txt (again only when
the pom is newer); the check itself is one JVM over the whole folder, which keeps it to seconds.
Java: $HTMLCHECK_JAVA_HOME, else $ENGINE_JAVA_HOME (the engines' JDK, see engines/engine.sh), else
the newest JDK >= 17 under /usr/lib/jvm or $JAVA_HOME.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
POM = ROOT / "htmlcheck" / "pom.xml"
CLASSPATH = ROOT / "htmlcheck" / "target" / "classpath.txt"
MAIN_CLASS = "nu.validator.client.SimpleCommandLineValidator"
MIN_JAVA = 17


class ValidatorUnavailable(Exception):
    pass


def _feature(java_home):
    release = Path(java_home) / "release"
    if not (Path(java_home) / "bin" / "java").is_file() or not release.is_file():
        return 0
    match = re.search(r'^JAVA_VERSION="(\d+)', release.read_text(), re.MULTILINE)
    return int(match.group(1)) if match else 0


def java():
    for name in ("HTMLCHECK_JAVA_HOME", "ENGINE_JAVA_HOME"):
        if os.environ.get(name):
            path = Path(os.environ[name]) / "bin" / "java"
            if not path.is_file():
                raise ValidatorUnavailable(f"{name} has no bin/java: {path}")
            return str(path)
    candidates = [Path(os.environ["JAVA_HOME"])] if os.environ.get("JAVA_HOME") else []
    jvm_dir = Path("/usr/lib/jvm")
    if jvm_dir.is_dir():
        candidates += sorted(jvm_dir.iterdir())
    best = max(candidates, key=_feature, default=None)
    if best is None or _feature(best) < MIN_JAVA:
        raise ValidatorUnavailable(f"no JDK >= {MIN_JAVA} (set HTMLCHECK_JAVA_HOME)")
    return str(best / "bin" / "java")


def classpath():
    if CLASSPATH.is_file() and CLASSPATH.stat().st_mtime >= POM.stat().st_mtime:
        return CLASSPATH.read_text().strip()
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ValidatorUnavailable("Maven (mvn) is not installed")
    result = subprocess.run(
        [mvn, "-q", "-B", "-f", str(POM), "dependency:build-classpath"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode != 0 or not CLASSPATH.is_file():
        raise ValidatorUnavailable(f"Maven could not resolve the validator:\n{result.stdout}{result.stderr}")
    return CLASSPATH.read_text().strip()


def check_folder(folder):
    """Every message vnu has about the HTML files in ``folder``: dicts with type, url, message…"""
    command = [java(), "-cp", classpath(), MAIN_CLASS, "--format", "json", "--skip-non-html", str(folder)]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise ValidatorUnavailable(f"vnu could not run: {error}")
    # vnu writes its JSON report to stderr and exits 1 when there are errors.
    try:
        return json.loads(result.stderr or result.stdout)["messages"]
    except (ValueError, KeyError):
        raise ValidatorUnavailable(f"vnu gave no report (exit {result.returncode}):\n{result.stderr[-2000:]}")
