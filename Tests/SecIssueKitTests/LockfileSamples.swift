/// Lock files and manifests written the way each package manager writes them, with the awkward cases in.
enum LockfileSamples {
    /// This project's own Package.resolved (version 3), as `swift package resolve` wrote it.
    static let packageResolvedV3 = #"""
        {
          "originHash" : "7a014f3d409491257868082a83b434450ab2fb73e0022ea8b1b70aeb54d3c632",
          "pins" : [
            {
              "identity" : "swift-argument-parser",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-argument-parser",
              "state" : {
                "revision" : "436bde4bb9489201ca6662f5cf94ec45fa8e244e",
                "version" : "1.8.2"
              }
            },
            {
              "identity" : "swift-asn1",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-asn1.git",
              "state" : {
                "revision" : "d619dd5bb47ba9ea182340c612ae38c70c78d97e",
                "version" : "1.7.4"
              }
            },
            {
              "identity" : "swift-crypto",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-crypto",
              "state" : {
                "revision" : "d95e0d110d82c22edd077ac62ece73041cdf86c9",
                "version" : "3.12.3"
              }
            },
            {
              "identity" : "yams",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/jpsim/Yams",
              "state" : {
                "revision" : "473e618fc72bf29741906dd2873cfd5892039c3e",
                "version" : "6.2.2"
              }
            }
          ],
          "version" : 3
        }
        """#

    /// Version 1, as Xcode 12 wrote it: named by display name, one pin on a branch.
    static let packageResolvedV1 = #"""
        {
          "object": {
            "pins": [
              {
                "package": "swift-nio",
                "repositoryURL": "https://github.com/apple/swift-nio.git",
                "state": {
                  "branch": null,
                  "revision": "51c3fc2e4a0fcdf4a25089b288dd65b73df1b0ef",
                  "version": "2.37.0"
                }
              },
              {
                "package": "Yams",
                "repositoryURL": "git@github.com:jpsim/Yams.git",
                "state": {
                  "branch": "main",
                  "revision": "01835dc202670b5bb90d07f3eae41867e9ed29f6",
                  "version": null
                }
              }
            ]
          },
          "version": 1
        }
        """#

    /// Version 2 with a local checkout and a registry package.
    static let packageResolvedV2 = #"""
        {
          "pins" : [
            {
              "identity" : "swift-log",
              "kind" : "remoteSourceControl",
              "location" : "https://github.com/apple/swift-log.git",
              "state" : {
                "revision" : "e97a6fcb1ab07462881ac165fdbb37f067e205d5",
                "version" : "1.5.4"
              }
            },
            {
              "identity" : "shared-models",
              "kind" : "localSourceControl",
              "location" : "/Users/dev/src/shared-models",
              "state" : {
                "revision" : "8c0c1a0b3f5c1e3d9a6b7c8d9e0f1a2b3c4d5e6f"
              }
            },
            {
              "identity" : "mona.linkedlist",
              "kind" : "registry",
              "location" : "",
              "state" : {
                "version" : "1.0.0"
              }
            }
          ],
          "version" : 2
        }
        """#

    /// npm 9 (lockfile v3): scoped, nested, aliased, git and workspace-linked packages.
    static let npmLockV3 = #"""
        {
          "name": "shop-web",
          "version": "1.4.2",
          "lockfileVersion": 3,
          "requires": true,
          "packages": {
            "": {
              "name": "shop-web",
              "version": "1.4.2",
              "workspaces": [
                "packages/*"
              ],
              "dependencies": {
                "@babel/core": "^7.24.0",
                "left-pad": "github:stevemao/left-pad#5a7ffd8",
                "lodash": "^4.17.21",
                "string-width-cjs": "npm:string-width@^4.2.0"
              }
            },
            "node_modules/@babel/core": {
              "version": "7.24.0",
              "resolved": "https://registry.npmjs.org/@babel/core/-/core-7.24.0.tgz",
              "integrity": "sha512-fQfkg0Gjkza3nf0c7/w6Xf34BW4YvzNfACRLmmb7XRLa6XHdR+K9AlJlxneFfWYf6uhOzuzZVTjF/8KfndZANw==",
              "dev": true,
              "dependencies": {
                "debug": "^4.1.0",
                "semver": "^6.3.1"
              },
              "engines": {
                "node": ">=6.9.0"
              }
            },
            "node_modules/@babel/core/node_modules/semver": {
              "version": "6.3.1",
              "resolved": "https://registry.npmjs.org/semver/-/semver-6.3.1.tgz",
              "integrity": "sha512-BR7VvDCVHO+q2xBEWskxS6DJE1qRnb7DxzUrogb71CWoSficBxYsiAGd+Kl0mmq/MprG9yArRkyrQxTO6XjMzA==",
              "dev": true,
              "bin": {
                "semver": "bin/semver.js"
              }
            },
            "node_modules/debug": {
              "version": "4.3.4",
              "resolved": "https://registry.npmjs.org/debug/-/debug-4.3.4.tgz",
              "integrity": "sha512-PRWFHuSU3eDtQJPvnNY7Jcket1j0t5OuOsFzPPzsekD52Zl8qUfFIPEiswXqIvHWGVHOgX+7G/vCNNhehwxfkQ==",
              "dev": true,
              "dependencies": {
                "ms": "2.1.2"
              }
            },
            "node_modules/left-pad": {
              "version": "1.3.0",
              "resolved": "git+ssh://git@github.com/stevemao/left-pad.git#5a7ffd8d4bd8eb87d54fd0f1e6eb17d0cd9e2f4c",
              "license": "WTFPL"
            },
            "node_modules/lodash": {
              "version": "4.17.21",
              "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz",
              "integrity": "sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg=="
            },
            "node_modules/ms": {
              "version": "2.1.2",
              "resolved": "https://registry.npmjs.org/ms/-/ms-2.1.2.tgz",
              "integrity": "sha512-sGkPx+VjMtmA6MX27oA4FBFELFCZZ4S4XqeGOXCv68tT+jb3vk/RyaKWP0PTKyWtmLSM0b+adUTEvbs1PEaH2w==",
              "dev": true
            },
            "node_modules/semver": {
              "version": "7.6.0",
              "resolved": "https://registry.npmjs.org/semver/-/semver-7.6.0.tgz",
              "integrity": "sha512-EnwXhrlwXMk9gKu5/flx5sv/an57AkRplG3hTK68W7FRDN+k+OWBj65M7719OkA82XLBxrcX0KSHj+X5COhOVg==",
              "dependencies": {
                "lru-cache": "^6.0.0"
              }
            },
            "node_modules/string-width-cjs": {
              "name": "string-width",
              "version": "4.2.3",
              "resolved": "https://registry.npmjs.org/string-width/-/string-width-4.2.3.tgz",
              "integrity": "sha512-wKyQRQpjJ0sIp62ErSZdGsjMJWsap5oRNihHhu6G7JVO/9jIB6UyevL+tXuOqrng8j/cxKTWyWUwvSTriiZz/g=="
            },
            "node_modules/utils": {
              "resolved": "packages/utils",
              "link": true
            },
            "packages/utils": {
              "name": "utils",
              "version": "0.3.0",
              "dependencies": {
                "semver": "^7.6.0"
              }
            }
          }
        }
        """#

    /// npm 6 (lockfile v1): a nested tree, with the same names at two depths and a git dependency.
    static let npmLockV1 = #"""
        {
          "name": "legacy-app",
          "version": "0.9.0",
          "lockfileVersion": 1,
          "requires": true,
          "dependencies": {
            "debug": {
              "version": "4.3.4",
              "resolved": "https://registry.npmjs.org/debug/-/debug-4.3.4.tgz",
              "integrity": "sha512-PRWFHuSU3eDtQJPvnNY7Jcket1j0t5OuOsFzPPzsekD52Zl8qUfFIPEiswXqIvHWGVHOgX+7G/vCNNhehwxfkQ==",
              "requires": {
                "ms": "2.1.2"
              }
            },
            "express": {
              "version": "4.17.1",
              "resolved": "https://registry.npmjs.org/express/-/express-4.17.1.tgz",
              "integrity": "sha512-mHJ9O79RqluphRrcw2X/GTh3k9tVv8YcoyY4Kkh4WDMUYKRZUq0h1o0w2rrrxBqM7VoeUVqgb27xlEMXTnYt4g==",
              "requires": {
                "debug": "2.6.9",
                "ms": "2.0.0"
              },
              "dependencies": {
                "debug": {
                  "version": "2.6.9",
                  "resolved": "https://registry.npmjs.org/debug/-/debug-2.6.9.tgz",
                  "integrity": "sha512-bC7ElrdJaJnPbAP+1EotYvqZsb3ecl5wi6Bfi6BJTUcNowp6cvspg0jXznRTKDjm/E7AdgFBVeAPVMNcKGsHMA==",
                  "requires": {
                    "ms": "2.0.0"
                  }
                },
                "ms": {
                  "version": "2.0.0",
                  "resolved": "https://registry.npmjs.org/ms/-/ms-2.0.0.tgz",
                  "integrity": "sha1-VgiurfwAvmwpAd9fmGF4jeDVl8g="
                }
              }
            },
            "ms": {
              "version": "2.1.2",
              "resolved": "https://registry.npmjs.org/ms/-/ms-2.1.2.tgz",
              "integrity": "sha512-sGkPx+VjMtmA6MX27oA4FBFELFCZZ4S4XqeGOXCv68tT+jb3vk/RyaKWP0PTKyWtmLSM0b+adUTEvbs1PEaH2w=="
            },
            "my-fork": {
              "version": "git+https://github.com/acme/my-fork.git#1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b",
              "from": "git+https://github.com/acme/my-fork.git"
            }
          }
        }
        """#

    /// Yarn 1: quoted and bare specs, several ranges on one entry, an alias, a GitHub dependency.
    static let yarnLockV1 = #"""
        # THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.
        # yarn lockfile v1


        "@babel/code-frame@^7.0.0", "@babel/code-frame@^7.22.13":
          version "7.22.13"
          resolved "https://registry.yarnpkg.com/@babel/code-frame/-/code-frame-7.22.13.tgz#e3c1c099402598483b7a8c46a721d1038803755e"
          integrity sha512-XktuhWlJ5g+3TJXc5upd9Ks1HutSArik6jf2eAjYFyIOf4ej3RN+184cZbzDvbPnuTJIUhPKKJE3cIsYTiAT3w==
          dependencies:
            "@babel/highlight" "^7.22.13"
            chalk "^2.4.2"

        chalk@^2.4.2:
          version "2.4.2"
          resolved "https://registry.yarnpkg.com/chalk/-/chalk-2.4.2.tgz#cd42541677a54333cf541a49108c1432b44c9424"
          integrity sha512-Mti+f9lpJNcwF4tWV8/OrTTtF1gZi+f8FqlyAdouralcFWFQWF2+NgCHShjkCb+IFBLq9buZwE1xckQU4peSuw==

        "left-pad@github:stevemao/left-pad#5a7ffd8":
          version "1.3.0"
          resolved "https://codeload.github.com/stevemao/left-pad/tar.gz/5a7ffd8d4bd8eb87d54fd0f1e6eb17d0cd9e2f4c"

        lodash@^4.17.20, lodash@~4.17.21:
          version "4.17.21"
          resolved "https://registry.yarnpkg.com/lodash/-/lodash-4.17.21.tgz#679591c564c3bffaae8454cf0b3df370c3d6911c"
          integrity sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg==

        "string-width-cjs@npm:string-width@^4.2.0":
          version "4.2.3"
          resolved "https://registry.yarnpkg.com/string-width/-/string-width-4.2.3.tgz#269c7117d27b05ad2e536830a8ec895ef9c6d010"
          integrity sha512-wKyQRQpjJ0sIp62ErSZdGsjMJWsap5oRNihHhu6G7JVO/9jIB6UyevL+tXuOqrng8j/cxKTWyWUwvSTriiZz/g==
        """#

    /// Yarn 4: YAML, with the metadata entry and the workspace itself to skip.
    static let yarnLockBerry = #"""
        # This file is generated by running "yarn install" inside your project.
        # Manual changes might be lost - proceed with caution!

        __metadata:
          version: 8
          cacheKey: 10c0

        "lodash@npm:^4.17.21":
          version: 4.17.21
          resolution: "lodash@npm:4.17.21"
          checksum: 10c0/d8cbea072bb08655bb4c989da418994b073a608dffa608b09ac04b43a791b12aeae7cd7ad919aa4c925f33b48490b5cfe6c1f71d827956071dae2e7bb3a6b74c
          languageName: node
          linkType: hard

        "shop-web@workspace:.":
          version: 0.0.0-use.local
          resolution: "shop-web@workspace:."
          dependencies:
            lodash: "npm:^4.17.21"
          languageName: unknown
          linkType: soft
        """#

    /// pip: pins, ranges, extras, markers, hashes across continuations, includes, options, editable VCS.
    static let requirements = #"""
        # Production dependencies for the shop API
        -i https://pypi.org/simple
        --extra-index-url https://pypi.example.com/simple
        -r requirements/base.txt
        --requirement=../shared/common.txt
        -c constraints.txt

        Django==4.2.11
        requests[security,socks]>=2.31,<3 ; python_version >= "3.8"
        gunicorn == 21.2.0  # the web server
        psycopg2-binary==2.9.9 \
            --hash=sha256:c2470da5418b76232f02a2fcd2229537bb2d5a7096674ce61859c3229f2eb202 \
            --hash=sha256:d8de9ca6d8c2a86ef8db0d8a1aa7a87ec1eb8c0b4f7b5e2b7fb3b7e3a2b0c1d2
        -e git+https://github.com/acme/payments-sdk.git@v1.4.0#egg=payments-sdk
        -e .
        celery
        urllib3>=1.26,!=2.0.0
        pyyaml @ https://github.com/yaml/pyyaml/archive/refs/tags/6.0.1.tar.gz
        numpy==1.26.*
        git+ssh://git@github.com/acme/report-kit.git#egg=report-kit
        """#

    /// Poetry 1.8: a PyPI package with a multi-line `files` array, a git package and a local directory.
    static let poetryLock = #"""
        # This file is automatically @generated by Poetry 1.8.2 and should not be changed by hand.

        [[package]]
        name = "certifi"
        version = "2024.2.2"
        description = "Python package for providing Mozilla's CA Bundle."
        optional = false
        python-versions = ">=3.6"
        files = [
            {file = "certifi-2024.2.2-py3-none-any.whl", hash = "sha256:dc383c07b76109f368f6106eee2b593b04a011ea4d55f652c6ca24a754d1cdd1"},
            {file = "certifi-2024.2.2.tar.gz", hash = "sha256:0569859f95fc761b18b45ef421b1290a0f65f147e92a1e5eb3e635f9a5e4e66f"},
        ]

        [[package]]
        name = "internal-auth"
        version = "0.4.0"
        description = "Shared authentication helpers"
        optional = false
        python-versions = "^3.11"
        files = []
        develop = false

        [package.dependencies]
        requests = ">=2.28"

        [package.source]
        type = "git"
        url = "https://github.com/acme/internal-auth.git"
        reference = "v0.4.0"
        resolved_reference = "3f2c9a1e0b7d4c6a8e5f1b2d3c4a5e6f7a8b9c0d"

        [[package]]
        name = "requests"
        version = "2.31.0"
        description = "Python HTTP for Humans."
        optional = false
        python-versions = ">=3.7"
        files = [
            {file = "requests-2.31.0-py3-none-any.whl", hash = "sha256:58cd2187c01e70e6e26505bca751777aa9f2ee0b7f4300988b709f44e013003f"},
        ]

        [package.dependencies]
        certifi = ">=2017.4.17"
        charset-normalizer = ">=2,<4"

        [package.extras]
        socks = ["PySocks (>=1.5.6,!=1.5.7)"]

        [[package]]
        name = "shared-utils"
        version = "1.0.0"
        description = ""
        optional = false
        python-versions = "^3.11"
        files = []
        develop = true

        [package.source]
        type = "directory"
        url = "../shared-utils"

        [metadata]
        lock-version = "2.0"
        python-versions = "^3.11"
        content-hash = "b5e2c4f1d8a7e6b3c9f0a1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2"
        """#

    /// Pipenv: the same package in both sections, a git package, an editable path, a private index.
    static let pipfileLock = #"""
        {
            "_meta": {
                "hash": {
                    "sha256": "7f3a2c1d9e8b4f6a5c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b"
                },
                "pipfile-spec": 6,
                "requires": {
                    "python_version": "3.11"
                },
                "sources": [
                    {
                        "name": "pypi",
                        "url": "https://pypi.org/simple",
                        "verify_ssl": true
                    },
                    {
                        "name": "internal",
                        "url": "https://pypi.example.com/simple",
                        "verify_ssl": true
                    }
                ]
            },
            "default": {
                "flask": {
                    "hashes": [
                        "sha256:3232e0e9c850d781933cf0207523d1ece087eb8d87b23777ae38456e2fbe7c6e"
                    ],
                    "index": "pypi",
                    "markers": "python_version >= '3.8'",
                    "version": "==3.0.2"
                },
                "internal-billing": {
                    "hashes": [],
                    "index": "internal",
                    "version": "==2.1.0"
                },
                "report-kit": {
                    "git": "https://github.com/acme/report-kit.git",
                    "ref": "9b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c"
                },
                "urllib3": {
                    "hashes": [],
                    "index": "pypi",
                    "version": "==2.2.1"
                }
            },
            "develop": {
                "pytest": {
                    "hashes": [],
                    "index": "pypi",
                    "version": "==8.1.1"
                },
                "shop-api": {
                    "editable": true,
                    "path": "."
                },
                "urllib3": {
                    "hashes": [],
                    "index": "pypi",
                    "version": "==2.2.1"
                }
            }
        }
        """#

    /// A go.mod with a single require, a block with // indirect, version-specific and directory replaces.
    static let goMod = #"""
        module github.com/acme/shop

        go 1.22.1

        toolchain go1.22.2

        require github.com/google/uuid v1.6.0

        require (
        	github.com/gin-gonic/gin v1.9.1
        	github.com/acme/shared v0.0.0-20240301120000-abcdef123456
        	golang.org/x/crypto v0.21.0 // indirect
        	golang.org/x/net v0.22.0 // indirect
        )

        exclude golang.org/x/net v0.19.0

        replace github.com/acme/shared => ../shared

        replace (
        	golang.org/x/net v0.21.0 => golang.org/x/net v0.23.0
        	golang.org/x/crypto v0.21.0 => golang.org/x/crypto v0.22.0
        	github.com/gin-gonic/gin => github.com/acme/gin v1.9.2-acme.1
        )

        retract v1.0.1 // published by mistake
        """#

    /// The go.mod of a second module in the same repository (tools pinned apart from the app).
    static let goModTools = #"""
        module github.com/acme/shop/tools

        go 1.22

        require golang.org/x/tools v0.19.0
        """#

    /// go.sum: most modules twice (code and go.mod), one only for its go.mod.
    static let goSum = #"""
        github.com/gin-gonic/gin v1.9.1 h1:4idEAncQnU5cB7BeOkPtxjfCSye0AAm1R0RVIqJ+Jmg=
        github.com/gin-gonic/gin v1.9.1/go.mod h1:hPrL7YrpYKXt5YId3A/Tnip5kqbEAP+KLuI3SUcPTeU=
        github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=
        github.com/google/uuid v1.6.0/go.mod h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo=
        golang.org/x/net v0.21.0/go.mod h1:bIjVDfnllIU7BJ2DNgfnXvpSvtn8VRwhlsaeUTyUS44=
        golang.org/x/net v0.23.0 h1:7EYJ93RZ9vYSZAIb2x3lnuvqO5zneoD6IvWjuhfxjTs=
        golang.org/x/net v0.23.0/go.mod h1:JKghWKKOSdJwpW2GEx0Ja7fmaKnMsbu+MWVZTokSYmg=
        """#

    /// Cargo.lock v3: the workspace's own crate, crates.io, a git dependency and another registry.
    static let cargoLock = #"""
        # This file is automatically @generated by Cargo.
        # It is not intended for manual editing.
        version = 3

        [[package]]
        name = "itoa"
        version = "1.0.10"
        source = "registry+https://github.com/rust-lang/crates.io-index"
        checksum = "b1a46d1a171d865aa5f83f92695765caa047a9b4cbae2cbf37dbd613a793fd4c"

        [[package]]
        name = "serde"
        version = "1.0.197"
        source = "registry+https://github.com/rust-lang/crates.io-index"
        checksum = "3fb1c873e1b9b056a4dc4c0c198b24c3ffa059243875552b2bd0933b1aee4ce2"
        dependencies = [
         "serde_derive",
        ]

        [[package]]
        name = "shop-core"
        version = "0.1.0"
        dependencies = [
         "itoa",
         "serde",
         "tokio-util",
        ]

        [[package]]
        name = "tokio-util"
        version = "0.7.10"
        source = "git+https://github.com/tokio-rs/tokio?branch=master#4f1a2c3b5d6e7f8091a2b3c4d5e6f708192a3b4c"

        [[package]]
        name = "vendored-crypto"
        version = "2.3.1"
        source = "sparse+https://crates.example.com/index/"
        checksum = "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d"
        """#

    /// Bundler 2.5: GIT, PATH and GEM sections, platform-specific gems, dependency lines to ignore.
    static let gemfileLock = #"""
        GIT
          remote: https://github.com/rails/rails.git
          revision: 8e4f2c7a1b3d5e6f7a8b9c0d1e2f3a4b5c6d7e8f
          branch: 7-1-stable
          specs:
            activesupport (7.1.3.2)
              concurrent-ruby (~> 1.0, >= 1.0.2)
              i18n (>= 1.6, < 2)

        PATH
          remote: .
          specs:
            shop (0.1.0)
              activesupport

        GEM
          remote: https://rubygems.org/
          specs:
            concurrent-ruby (1.2.3)
            i18n (1.14.4)
              concurrent-ruby (~> 1.0)
            nokogiri (1.16.3-arm64-darwin)
              racc (~> 1.4)
            nokogiri (1.16.3-x86_64-linux)
              racc (~> 1.4)
            racc (1.7.3)

        GEM
          remote: https://gems.example.com/
          specs:
            acme-billing (2.0.1)

        PLATFORMS
          arm64-darwin
          x86_64-linux

        DEPENDENCIES
          acme-billing!
          activesupport!
          nokogiri (~> 1.16)
          shop!

        BUNDLED WITH
           2.5.6
        """#

    /// Maven: properties (one referring to another), the parent's version, managed versions, a system jar,
    /// exclusions, a profile, and plugins whose dependencies are not the project's.
    static let pomXML = #"""
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0"
                 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                 xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
          <modelVersion>4.0.0</modelVersion>
          <parent>
            <groupId>com.acme</groupId>
            <artifactId>shop-parent</artifactId>
            <version>3.2.0</version>
          </parent>
          <artifactId>shop-api</artifactId>

          <properties>
            <java.version>17</java.version>
            <jackson.version>2.16.1</jackson.version>
            <jackson.databind.version>${jackson.version}</jackson.databind.version>
            <!-- <slf4j.version>1.7.36</slf4j.version> -->
          </properties>

          <dependencyManagement>
            <dependencies>
              <dependency>
                <groupId>org.slf4j</groupId>
                <artifactId>slf4j-api</artifactId>
                <version>2.0.12</version>
              </dependency>
            </dependencies>
          </dependencyManagement>

          <dependencies>
            <dependency>
              <groupId>com.fasterxml.jackson.core</groupId>
              <artifactId>jackson-databind</artifactId>
              <version>${jackson.databind.version}</version>
              <exclusions>
                <exclusion>
                  <groupId>com.fasterxml.jackson.core</groupId>
                  <artifactId>jackson-annotations</artifactId>
                </exclusion>
              </exclusions>
            </dependency>
            <dependency>
              <groupId>org.slf4j</groupId>
              <artifactId>slf4j-api</artifactId>
            </dependency>
            <dependency>
              <groupId>${project.groupId}</groupId>
              <artifactId>shop-model</artifactId>
              <version>${project.version}</version>
            </dependency>
            <dependency>
              <groupId>com.acme.legacy</groupId>
              <artifactId>tax-rules</artifactId>
              <version>1.0</version>
              <scope>system</scope>
              <systemPath>${project.basedir}/lib/tax-rules-1.0.jar</systemPath>
            </dependency>
            <dependency>
              <groupId>org.junit.jupiter</groupId>
              <artifactId>junit-jupiter</artifactId>
              <version>${junit.version}</version>
              <scope>test</scope>
            </dependency>
          </dependencies>

          <build>
            <plugins>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-enforcer-plugin</artifactId>
                <version>3.4.1</version>
                <dependencies>
                  <dependency>
                    <groupId>org.codehaus.mojo</groupId>
                    <artifactId>extra-enforcer-rules</artifactId>
                    <version>1.8.0</version>
                  </dependency>
                </dependencies>
              </plugin>
            </plugins>
          </build>

          <profiles>
            <profile>
              <id>postgres</id>
              <dependencies>
                <dependency>
                  <groupId>org.postgresql</groupId>
                  <artifactId>postgresql</artifactId>
                  <version>42.7.3</version>
                </dependency>
              </dependencies>
            </profile>
          </profiles>
        </project>
        """#

    /// Composer 2: packagist packages (with both source and dist), a VCS-only package and a path package.
    static let composerLock = #"""
        {
            "_readme": [
                "This file locks the dependencies of your project to a known state",
                "Read more about it at https://getcomposer.org/doc/01-basic-usage.md#installing-dependencies",
                "This file is @generated automatically"
            ],
            "content-hash": "4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a",
            "packages": [
                {
                    "name": "monolog/monolog",
                    "version": "3.5.0",
                    "source": {
                        "type": "git",
                        "url": "https://github.com/Seldaek/monolog.git",
                        "reference": "c915e2634718dbc8a4a15c61b0e62e7a44e14448"
                    },
                    "dist": {
                        "type": "zip",
                        "url": "https://api.github.com/repos/Seldaek/monolog/zipball/c915e2634718dbc8a4a15c61b0e62e7a44e14448",
                        "reference": "c915e2634718dbc8a4a15c61b0e62e7a44e14448",
                        "shasum": ""
                    },
                    "type": "library"
                },
                {
                    "name": "acme/payments",
                    "version": "dev-main",
                    "source": {
                        "type": "git",
                        "url": "git@github.com:acme/payments.git",
                        "reference": "0a1b2c3d4e5f60718293a4b5c6d7e8f901a2b3c4"
                    },
                    "type": "library"
                },
                {
                    "name": "acme/shared",
                    "version": "dev-main",
                    "dist": {
                        "type": "path",
                        "url": "../shared",
                        "reference": "5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f"
                    },
                    "type": "library"
                }
            ],
            "packages-dev": [
                {
                    "name": "phpunit/phpunit",
                    "version": "10.5.13",
                    "source": {
                        "type": "git",
                        "url": "https://github.com/sebastianbergmann/phpunit.git",
                        "reference": "20a63fc1c6db29b15da3bd02d4b6cf59900088a7"
                    },
                    "dist": {
                        "type": "zip",
                        "url": "https://api.github.com/repos/sebastianbergmann/phpunit/zipball/20a63fc1c6db29b15da3bd02d4b6cf59900088a7",
                        "reference": "20a63fc1c6db29b15da3bd02d4b6cf59900088a7",
                        "shasum": ""
                    },
                    "type": "library"
                }
            ],
            "aliases": [],
            "minimum-stability": "stable",
            "plugin-api-version": "2.6.0"
        }
        """#

    /// NuGet: two target frameworks, direct, transitive and project entries; transitive ranges under
    /// "dependencies" that must not be mistaken for packages.
    static let nugetLock = #"""
        {
          "version": 1,
          "dependencies": {
            "net8.0": {
              "Newtonsoft.Json": {
                "type": "Direct",
                "requested": "[13.0.3, )",
                "resolved": "13.0.3",
                "contentHash": "HrC5BXdl00IP9zeV+0Z848QWPAoCr9P3bDEZguI+gkLcBKAOxix/tLEAAHC+UvDNPv4a2d18lOReHMOagPa+zQ=="
              },
              "Serilog.Sinks.File": {
                "type": "Direct",
                "requested": "[5.0.0, )",
                "resolved": "5.0.0",
                "contentHash": "uwV5hdhWPwUH1szhO8PJpFiahqXmzPzJT/sOijH/kFgUx+cyoDTMM8MHD0adw9+Iem6itoibbUXHYslzXsLEAg==",
                "dependencies": {
                  "Serilog": "2.10.0"
                }
              },
              "Serilog": {
                "type": "Transitive",
                "resolved": "2.10.0",
                "contentHash": "+QX0hmf37a0/OZLxM3wL7V6/ADvC1XihXN4Kq/p6d8lCPfgkRdiuhbWlMaFjR9Av0dy5F0+MBeDmDdRZN/YwQA=="
              },
              "Shop.Domain": {
                "type": "Project",
                "dependencies": {
                  "Newtonsoft.Json": "[13.0.3, )"
                }
              }
            },
            "net8.0/linux-x64": {
              "Newtonsoft.Json": {
                "type": "Direct",
                "requested": "[13.0.3, )",
                "resolved": "13.0.3",
                "contentHash": "HrC5BXdl00IP9zeV+0Z848QWPAoCr9P3bDEZguI+gkLcBKAOxix/tLEAAHC+UvDNPv4a2d18lOReHMOagPa+zQ=="
              }
            }
          }
        }
        """#
}
