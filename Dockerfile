# git-secissue in a container: built with the Swift toolchain, shipped on a slim Debian 12 with
# only the binary and git (the binary links the Swift runtime in, --static-swift-stdlib, and
# Debian's libgit2 from libgit2-dev: Package.swift).
#
#   docker build -t git-secissue .
#   docker run --rm -v "$PWD:/repo" -w /repo git-secissue list
#
# The build stage's image must be a Debian 12 (bookworm) one: the binary links Debian 12's glibc,
# libstdc++, zlib and GSSAPI (libgssapi-krb5-2), which the runtime stage has with git.

FROM swift:6.3-bookworm AS build
# Not pinned to exact versions (DL3008): Debian 12's security updates replace them in the archive.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends libgit2-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first (Package.resolved pins them), so a source change does not fetch them again.
COPY Package.swift Package.resolved ./
RUN swift package resolve
COPY Sources Sources
COPY templates templates
COPY hooks hooks
RUN swift build -c release --static-swift-stdlib \
 && strip --strip-debug .build/release/git-secissue \
 && install -D -m 755 .build/release/git-secissue /out/usr/local/bin/git-secissue

FROM debian:12-slim
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends git libgssapi-krb5-2 ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && git config --system --add safe.directory '*'
COPY --from=build /out/ /
# A mounted repository belongs to another user than the container's: safe.directory above.
ENTRYPOINT ["git-secissue"]
CMD ["--help"]
