# git-secissue: `make demo` and `make test` are the two set-up commands (see README.md).
PREFIX ?= /usr/local
SWIFT ?= swift
DEBUG_BIN = .build/debug/git-secissue
RELEASE_BIN = .build/release/git-secissue

.PHONY: all deps corpus-deps build release test demo bench soak install uninstall templates clean

all: build

# Installs libgit2's headers and pkg-config when missing (Debian; run as root, as CI does).
deps:
	@if ! pkg-config --exists libgit2 2>/dev/null; then \
		echo "installing libgit2-dev and pkg-config"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libgit2-dev pkg-config >/dev/null; \
	fi
	@command -v git >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq git >/dev/null; }
	@command -v ssh-keygen >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssh-client >/dev/null; }
	@python3 -c 'import jsonschema' 2>/dev/null || python3 -m pip install -q jsonschema || echo "warning: jsonschema missing: the SARIF export test will fail"

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

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

demo: build
	@scripts/demo $(DEBUG_BIN)

bench: release
	@scripts/bench $(RELEASE_BIN)

# 16 concurrent writers on a working tree and a bare repository (SOAK_SECONDS, default 60);
# reports failures, lost writes and latency. Not part of `make test`.
soak: build
	@scripts/soak $(DEBUG_BIN)

install: release
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(RELEASE_BIN) $(DESTDIR)$(PREFIX)/bin/git-secissue

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/git-secissue

# Re-embeds templates/ into the binary's sources; a test fails until this is run after a change.
templates:
	scripts/embed-templates

clean:
	rm -rf .build
