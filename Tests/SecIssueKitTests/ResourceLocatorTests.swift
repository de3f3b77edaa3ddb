import Foundation
import Testing
import TestSupport
import SecIssueGit
@testable import SecIssueKit
@testable import SecIssueTelemetry

/// A repository in the test's scratch directory with one commit of the given files.
private struct LocatorRepository {
    let path: String
    let repository: Repository
    let commit: ObjectID

    init(_ files: [String: String], binary: [String: [UInt8]] = [:]) throws {
        path = try ScratchDirectory.make("locator").path
        repository = try Repository.create(at: path, bare: true)
        var blobs: [String: ObjectID?] = [:]
        for (name, text) in files { blobs[name] = try repository.writeBlob(Array(text.utf8)) }
        for (name, bytes) in binary { blobs[name] = try repository.writeBlob(bytes) }
        let tree = try repository.writeTree(base: nil, changes: blobs)
        let signature = Signature(name: "Test", email: "test@example.com", time: 1_795_766_400)
        commit = try repository.createCommit(tree: tree, parents: [], message: "sample", author: signature, committer: signature)
    }

    /// `path:line` of each resource found, by resource.
    func locate(_ resources: Set<String>) throws -> [String: String] {
        try ResourceLocator.locate(resources, in: CommitFiles(repository: repository, commit: commit)).mapValues(\.display)
    }
}

@Suite("locating resources in the repository", .scratchDirectory)
struct ResourceLocatorTests {
    static let files: [String: String] = [
        "infra/network.tf": """
            resource "aws_security_group" "web" {
              name        = "web-sg"
              description = "web tier"
              vpc_id      = var.vpc_id
            }

            resource "aws_s3_bucket" "assets" {
              bucket = "acme-public-assets"
            }

            resource "aws_cloudtrail" "main" {
              name           = "management-events"
              s3_bucket_name = "acme-cloudtrail-logs"
            }
            """,
        "infra/prod.tfvars": """
            db_security_group_id = "sg-0c3d4e5f607182930"
            """,
        "cloudformation/stack.yaml": """
            AWSTemplateFormatVersion: "2010-09-09"
            Resources:
              AppRole:
                Type: AWS::IAM::Role
                Properties:
                  RoleName: app-runtime
              LogsBucket:
                Type: AWS::S3::Bucket
                Properties:
                  BucketName: acme-logs
            """,
        "cdk/lib/deploy-stack.ts": """
            import * as cdk from 'aws-cdk-lib';
            import * as iam from 'aws-cdk-lib/aws-iam';

            export class DeployStack extends cdk.Stack {
              constructor(scope: cdk.App, id: string) {
                super(scope, id);
                new iam.Role(this, 'DeployerRole', { roleName: 'Deployer', assumedBy: new iam.AccountRootPrincipal() });
              }
            }
            """,
        "app/config.py": """
            # Groups the app expects to run in.
            SECURITY_GROUPS = ["web-sg", "sg-0c3d4e5f607182930"]
            LOG_BUCKET = "acme-logs"
            """,
        "app/app.py": """
            from flask import Flask, request
            app = Flask(__name__)

            @app.route("/search")
            def search():
                return request.args.get("q", "")

            @app.route("/users/<int:user_id>")
            def user(user_id):
                return str(user_id)

            @app.route("/")
            def index():
                return "home"
            """,
        "web/server.js": """
            const express = require('express');
            const app = express();
            app.get('/login', (req, res) => res.send('login'));
            app.post('/api/orders/:orderId', (req, res) => res.send(req.params.orderId));
            app.get('/', (req, res) => res.send('home'));
            """,
        "shop/urls.py": """
            from django.urls import path
            from . import views

            urlpatterns = [
                path("cart/checkout/", views.checkout),
            ]
            """,
        "deploy/nginx/site.conf": """
            server {
                listen 80;
                location / {
                    proxy_pass http://app;
                }
                location = /healthz {
                    return 200;
                }
            }
            """,
        "README.md": """
            The search page ("/search") runs in the web-sg group; logs go to acme-logs.
            The trail is management-events.
            """,
        "tests/test_app.py": """
            def test_search(client):
                assert client.get("/search?q=shoes").status_code == 200
            """,
        "scripts/cleanup.py": """
            OLD_GROUPS = ["api-sg-old", "xapi-sg", "my-web-sg-2"]
            STALE = "sg-0a1b2c3d4e5f607189"
            ARCHIVE = "acme-logs.example.com"
            """,
        "vendor/modules/legacy.tf": """
            resource "aws_security_group" "legacy" {
              name = "vendor-sg"
            }
            """,
        "node_modules/some-lib/index.js": """
            app.get('/vendored-route', handler);
            """,
        ".security/findings/SEC-1.md": """
            legacy-sg was deleted
            """,
        "docs/runbook.md": """
            Rotate the keys of ci-deploy every 90 days.
            """,
    ]

    @Test("each resource is found where it is defined, preferring infrastructure and definitions")
    func locations() throws {
        let repository = try LocatorRepository(Self.files, binary: ["assets/logo.bin": [0x00, 0x01] + Array("acme-public-assets".utf8)])
        let found = try repository.locate([
            "web-sg", "acme-public-assets", "management-events", "sg-0c3d4e5f607182930", "app-runtime", "acme-logs",
            "arn:aws:iam::123456789012:role/Deployer", "ci-deploy",
            "/search", "/users/{id}", "/users/42", "/api/orders/{id}", "/login", "/healthz", "/cart/checkout",
        ])
        #expect(found == [
            "web-sg": "infra/network.tf:2",
            "acme-public-assets": "infra/network.tf:8",
            "management-events": "infra/network.tf:12",
            "sg-0c3d4e5f607182930": "infra/prod.tfvars:1",
            "app-runtime": "cloudformation/stack.yaml:6",
            "acme-logs": "cloudformation/stack.yaml:10",
            "arn:aws:iam::123456789012:role/Deployer": "cdk/lib/deploy-stack.ts:7",
            "ci-deploy": "docs/runbook.md:1",
            "/search": "app/app.py:4",
            "/users/{id}": "app/app.py:8",
            "/users/42": "app/app.py:8",
            "/api/orders/{id}": "web/server.js:4",
            "/login": "web/server.js:3",
            "/healthz": "deploy/nginx/site.conf:6",
            "/cart/checkout": "shop/urls.py:5",
        ])
    }

    @Test("names match only as whole tokens, and skipped directories are not read")
    func wholeTokens() throws {
        let repository = try LocatorRepository(Self.files)
        let found = try repository.locate(["api-sg", "web", "sg-0a1b2c3d4e5f60718", "vendor-sg", "legacy-sg", "/vendored-route", "acme-logs.example.com"])
        // "web" is the Terraform label of the web-sg group: a definition, not a part of "web-sg".
        #expect(found == ["web": "infra/network.tf:1", "acme-logs.example.com": "scripts/cleanup.py:3"])
    }

    @Test("/ alone is never matched, though every app has it")
    func rootRoute() throws {
        let repository = try LocatorRepository(Self.files)
        #expect(try repository.locate(["/", "//", ""]).isEmpty)
    }

    @Test("a mention is found when there is no definition, and a mention in code beats documentation and tests")
    func mentions() throws {
        let repository = try LocatorRepository([
            "README.md": "Uses sg-0feedbeef0123456 and \"/reports\".\n",
            "tests/test_reports.py": "client.get('/reports')\n",
            "src/client.py": "\n\nGROUPS = ['sg-0feedbeef0123456']\nURL = '/reports'\n",
        ])
        #expect(try repository.locate(["sg-0feedbeef0123456", "/reports"]) == [
            "sg-0feedbeef0123456": "src/client.py:3",
            "/reports": "src/client.py:4",
        ])
    }

    @Test("results are the same on every run")
    func deterministic() throws {
        let repository = try LocatorRepository(Self.files)
        let resources: Set<String> = ["web-sg", "acme-logs", "/search", "/login", "app-runtime", "management-events"]
        let first = try repository.locate(resources)
        for _ in 0..<5 { #expect(try repository.locate(resources) == first) }
    }

    @Test("route keys treat every spelling of a parameter alike", arguments: [
        ("/users/<int:id>", "/users/{}"), ("/users/:id", "/users/{}"), ("/users/{user_id}", "/users/{}"),
        ("/users/42/", "/users/{}"), ("/search?q=1", "/search"), ("/files/*", "/files/{}"),
        ("/orders/3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b", "/orders/{}"), ("/v1/status", "/v1/status"),
    ])
    func routeKeys(route: String, key: String) {
        #expect(ResourceSearch.routeKey(Substring(route)) == key)
    }

    @Test("the root route and non-routes have no key")
    func noRouteKey() {
        #expect(ResourceSearch.routeKey("/") == nil)
        #expect(ResourceSearch.routeKey("///") == nil)
        #expect(ResourceSearch.routeKey("search") == nil)
        #expect(ResourceSearch.routeKey("/a b") == nil)
    }
}
