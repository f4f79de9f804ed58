# dpalint as a container image, for GitLab CI and other runners that take an
# image instead of installing tools (snippet in docs/install.md):
#
#   docker build -t dpalint .
#   docker run --rm -v "$PWD:/src" dpalint check privacy/
#
# Stage 1 builds dpalint on Alpine, whose Rust targets musl natively: the binary
# is static (checked below: it has no program interpreter). Stage 2 is plain
# Alpine with that one binary: a shell for CI `script:` lines, nothing more.
ARG RUST_VERSION=1.95
ARG ALPINE_VERSION=3.22

FROM rust:${RUST_VERSION}-alpine AS build
# The Alpine packages of the image's release (no version pins: apk keeps one per release).
# hadolint ignore=DL3018
RUN apk add --no-cache musl-dev binutils
WORKDIR /build
COPY . .
# Rust's musl targets link statically by default (no RUSTFLAGS: they would also
# apply to proc macros, which cannot be static).
ENV CARGO_TERM_COLOR=never
RUN cargo build --release --locked --bin dpalint \
 && readelf -l target/release/dpalint > /tmp/program-headers \
 && if grep -q INTERP /tmp/program-headers; then echo 'dpalint is not static' >&2; exit 1; fi \
 && target/release/dpalint --version

FROM alpine:${ALPINE_VERSION}
COPY --from=build /build/target/release/dpalint /usr/local/bin/dpalint
WORKDIR /src
ENTRYPOINT ["dpalint"]
CMD ["check", "."]
