import Foundation
import Testing
@testable import SecIssueKit
@testable import SecIssueTelemetry

@Suite("CloudTrail telemetry")
struct CloudTrailTests {
    /// What one ingest gave: the summaries, the reader's statistics and every observation in order.
    struct Outcome {
        var aggregate: TelemetryAggregate
        var stats: IngestStats
        var observations: [Observation]

        /// `rule resource severity title`, one row per summary, sorted: a whole result reads as a list.
        var rows: [String] {
            aggregate.sorted.map { "\($0.rule) \($0.resource) \($0.severity.rawValue) \($0.title)" }
        }
    }

    /// Feeds `bytes` to a fresh reader `size` bytes at a time.
    static func ingest(_ bytes: [UInt8], chunk size: Int = 1 << 20) throws -> Outcome {
        final class Seen: @unchecked Sendable { var observations: [Observation] = [] }
        let seen = Seen()
        var aggregate = TelemetryAggregate()
        aggregate.observer = { seen.observations.append($0) }
        var reader = CloudTrailReader()
        var start = 0
        while start < bytes.count {
            let end = min(start + size, bytes.count)
            try bytes[start..<end].withUnsafeBytes { try reader.consume($0, into: &aggregate) }
            start = end
        }
        try reader.finish(into: &aggregate)
        return Outcome(aggregate: aggregate, stats: reader.stats, observations: seen.observations)
    }

    static func ingest(_ text: String, chunk size: Int = 1 << 20) throws -> Outcome {
        try ingest(Array(text.utf8), chunk: size)
    }

    /// A record in the documented format with the given name, source and parameters.
    static func event(_ name: String, _ source: String, _ parameters: String, error: String? = nil,
                      time: String = "2026-11-27T08:00:00Z", extra: String = "") -> String {
        """
        {"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDA2EXAMPLEALICEXXX",\
        "arn":"arn:aws:iam::123456789012:user/alice","accountId":"123456789012","accessKeyId":"AKIA2EXAMPLEALICE001",\
        "userName":"alice"},"eventTime":"\(time)","eventSource":"\(source)","eventName":"\(name)",\
        "awsRegion":"eu-west-1","sourceIPAddress":"203.0.113.7","userAgent":"aws-cli/2.17.0",\
        "requestParameters":\(parameters),"responseElements":null,\(error.map { "\"errorCode\":\"\($0)\",\"errorMessage\":\"denied\"," } ?? "")\
        "requestID":"0f6c1d2e-0000-4000-8000-000000000001","eventID":"0f6c1d2e-0000-4000-8000-000000000002",\
        "readOnly":false,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"123456789012"\(extra)}
        """
    }

    static func observation(_ record: String) throws -> Observation {
        let outcome = try ingest(record)
        #expect(outcome.stats.skipped == 0, "\(outcome.stats.problems)")
        return try #require(outcome.observations.first)
    }

    /// Every finding of records.json, as its README table lists them.
    static let recordsRows = [
        "cloudtrail/AddUserToGroup intern-temp medium IAM user intern-temp added to group Admins",
        "cloudtrail/AssociateRouteTable rtb-0a1b2c3d4e5f60718 medium Route table rtb-0a1b2c3d4e5f60718 associated",
        "cloudtrail/AttachRolePolicy Deployer high Administrator policy AdministratorAccess attached to IAM role Deployer",
        "cloudtrail/AttachRolePolicy app-runtime medium Administrator policy AdministratorAccess attached to IAM role app-runtime (attempt failed)",
        "cloudtrail/AttachUserPolicy ci-deploy medium IAM policy ReadOnlyAccess attached to IAM user ci-deploy",
        "cloudtrail/AttachUserPolicy intern-temp high Administrator policy AdministratorAccess attached to IAM user intern-temp",
        "cloudtrail/AuthorizeSecurityGroupEgress sg-0c3d4e5f607182930 high Security group sg-0c3d4e5f607182930 opened to the internet for outbound traffic (all traffic)",
        "cloudtrail/AuthorizeSecurityGroupIngress sg-0a1b2c3d4e5f60718 high Security group sg-0a1b2c3d4e5f60718 opened to the internet (tcp 22)",
        "cloudtrail/AuthorizeSecurityGroupIngress sg-0b2c3d4e5f6071829 high Security group sg-0b2c3d4e5f6071829 opened to the internet (tcp 443)",
        "cloudtrail/AuthorizeSecurityGroupIngress sg-0c3d4e5f607182930 medium Security group sg-0c3d4e5f607182930 changed",
        "cloudtrail/AuthorizeSecurityGroupIngress sg-0e5f60718293a4b5c medium Security group sg-0e5f60718293a4b5c opened to the internet (tcp 3389) (attempt failed)",
        "cloudtrail/CreateAccessKey ci-deploy medium Access key created for IAM user ci-deploy",
        "cloudtrail/CreateLoginProfile intern-temp medium Console password set for IAM user intern-temp",
        "cloudtrail/CreateNetworkAcl acl-0a1b2c3d4e5f60718 medium Network ACL acl-0a1b2c3d4e5f60718 created",
        "cloudtrail/CreateNetworkAclEntry acl-0a1b2c3d4e5f60718 medium Network ACL acl-0a1b2c3d4e5f60718 changed",
        "cloudtrail/CreatePolicy DeployAll medium IAM policy DeployAll created",
        "cloudtrail/CreatePolicyVersion arn:aws:iam::123456789012:policy/DeployAll medium New version of IAM policy arn:aws:iam::123456789012:policy/DeployAll",
        "cloudtrail/CreateRoute rtb-0a1b2c3d4e5f60718 medium Route table rtb-0a1b2c3d4e5f60718 changed",
        "cloudtrail/CreateRouteTable rtb-0a1b2c3d4e5f60718 medium Route table rtb-0a1b2c3d4e5f60718 created",
        "cloudtrail/CreateSecurityGroup sg-0d4e5f60718293a4b medium Security group sg-0d4e5f60718293a4b created",
        "cloudtrail/CreateUser intern-temp medium IAM user intern-temp created",
        "cloudtrail/DeleteBucketPolicy acme-logs medium Bucket policy of S3 bucket acme-logs deleted",
        "cloudtrail/DeleteBucketPublicAccessBlock acme-public-assets high Public access block removed from S3 bucket acme-public-assets",
        "cloudtrail/DeleteNetworkAcl acl-0f1e2d3c4b5a69788 medium Network ACL acl-0f1e2d3c4b5a69788 deleted",
        "cloudtrail/DeleteNetworkAclEntry acl-0a1b2c3d4e5f60718 medium Network ACL acl-0a1b2c3d4e5f60718 changed",
        "cloudtrail/DeletePolicy arn:aws:iam::123456789012:policy/LegacyAudit medium IAM policy arn:aws:iam::123456789012:policy/LegacyAudit deleted",
        "cloudtrail/DeletePublicAccessBlock 123456789012 high Public access block removed from account 123456789012",
        "cloudtrail/DeleteRoute rtb-0a1b2c3d4e5f60718 medium Route table rtb-0a1b2c3d4e5f60718 changed",
        "cloudtrail/DeleteRouteTable rtb-0f1e2d3c4b5a69788 medium Route table rtb-0f1e2d3c4b5a69788 deleted",
        "cloudtrail/DeleteSecurityGroup legacy-sg medium Security group legacy-sg deleted",
        "cloudtrail/DeleteTrail audit-trail critical CloudTrail trail audit-trail deleted",
        "cloudtrail/DeleteUser old-contractor medium IAM user old-contractor deleted",
        "cloudtrail/DisableKey 0987dcba-09fe-87dc-65ba-ab0987654321 high KMS key 0987dcba-09fe-87dc-65ba-ab0987654321 disabled",
        "cloudtrail/DisassociateRouteTable rtbassoc-0b2c3d4e5f6071829 medium Route table association rtbassoc-0b2c3d4e5f6071829 removed",
        "cloudtrail/PutBucketAcl acme-logs medium ACL of S3 bucket acme-logs changed",
        "cloudtrail/PutBucketPolicy acme-logs medium Bucket policy of S3 bucket acme-logs changed",
        "cloudtrail/PutBucketPolicy acme-public-assets high Bucket policy of S3 bucket acme-public-assets allows anyone (Principal *)",
        "cloudtrail/PutBucketPublicAccessBlock acme-logs medium Public access block of S3 bucket acme-logs changed",
        "cloudtrail/PutEventSelectors management-events medium CloudTrail event selectors changed on trail management-events",
        "cloudtrail/PutRolePolicy app-runtime high Inline policy everything on IAM role app-runtime grants every action on every resource",
        "cloudtrail/PutUserPolicy ci-deploy medium Inline policy artifact-upload put on IAM user ci-deploy",
        "cloudtrail/ReplaceNetworkAclAssociation acl-0a1b2c3d4e5f60718 medium Network ACL acl-0a1b2c3d4e5f60718 associated with a subnet",
        "cloudtrail/ReplaceNetworkAclEntry acl-0a1b2c3d4e5f60718 medium Network ACL acl-0a1b2c3d4e5f60718 changed",
        "cloudtrail/ReplaceRoute rtb-0a1b2c3d4e5f60718 medium Route table rtb-0a1b2c3d4e5f60718 changed",
        "cloudtrail/ReplaceRouteTableAssociation rtb-0b2c3d4e5f6071829 medium Route table rtb-0b2c3d4e5f6071829 associated",
        "cloudtrail/RevokeSecurityGroupEgress sg-0c3d4e5f607182930 medium Security group sg-0c3d4e5f607182930 changed",
        "cloudtrail/RevokeSecurityGroupIngress sg-0c3d4e5f607182930 medium Security group sg-0c3d4e5f607182930 changed",
        "cloudtrail/ScheduleKeyDeletion 1234abcd-12ab-34cd-56ef-1234567890ab high KMS key 1234abcd-12ab-34cd-56ef-1234567890ab scheduled for deletion",
        "cloudtrail/StopLogging management-events critical CloudTrail logging stopped on trail management-events",
        "cloudtrail/StopLogging org-trail high CloudTrail logging stopped on trail org-trail (attempt failed)",
        "cloudtrail/UpdateAssumeRolePolicy Deployer medium Trust policy of IAM role Deployer changed",
        "cloudtrail/UpdateTrail management-events medium CloudTrail trail management-events changed",
    ]

    @Test("a Records file on one line gives the findings its README lists")
    func recordsFile() throws {
        let outcome = try Self.ingest(try cloudTrailFixture("records.json"))
        #expect(outcome.rows == Self.recordsRows)
        #expect(outcome.stats.records == 59)
        #expect(outcome.stats.skipped == 0, "\(outcome.stats.problems)")
        // Read-only and other events are records, neither findings nor skipped.
        #expect(outcome.observations.count == 52)
        let stop = try #require(outcome.observations.first { $0.rule == "cloudtrail/StopLogging" && $0.resource == "management-events" })
        #expect(stop.line == 42)
        #expect(stop.time == 1_795_766_400 + 42 * 60 + 54)
        #expect(stop.cwe == 778)
        #expect(stop.source == "arn:aws:iam::123456789012:user/mallory (192.0.2.44)")
    }

    @Test("records cut anywhere by chunk boundaries are read the same", arguments: [1, 7, 64, 1000, 4096])
    func chunkBoundaries(size: Int) throws {
        let bytes = Array(try cloudTrailFixture("records.json").utf8)
        let whole = try Self.ingest(bytes)
        let chunked = try Self.ingest(bytes, chunk: size)
        #expect(chunked.rows == whole.rows)
        #expect(chunked.observations.map(\.line) == whole.observations.map(\.line))
        #expect(chunked.observations.map(\.sample) == whole.observations.map(\.sample))
        #expect(chunked.stats.records == 59 && chunked.stats.skipped == 0)
    }

    @Test("JSON lines: events, an EventBridge envelope, and bad lines skipped with what is wrong")
    func jsonLines() throws {
        for size in [5, 1 << 20] {
            let outcome = try Self.ingest(try cloudTrailFixture("events.jsonl"), chunk: size)
            #expect(outcome.rows == [
                "cloudtrail/AuthorizeSecurityGroupIngress sg-0f1e2d3c4b5a69788 high Security group sg-0f1e2d3c4b5a69788 opened to the internet (tcp all ports)",
                "cloudtrail/CreateUser backdoor medium IAM user backdoor created",
                "cloudtrail/DeleteBucketPublicAccessBlock acme-logs medium Public access block removed from S3 bucket acme-logs (attempt failed)",
                "cloudtrail/PutBucketPolicy acme-public-assets high Bucket policy of S3 bucket acme-public-assets allows anyone (Principal *)",
                "cloudtrail/ScheduleKeyDeletion alias/app-data high KMS key alias/app-data scheduled for deletion",
                "cloudtrail/StopLogging org-trail critical CloudTrail logging stopped on trail org-trail",
            ])
            #expect(outcome.stats.records == 8)
            #expect(outcome.observations.map(\.line) == [1, 2, 7, 8, 9, 12])
            #expect(outcome.stats.skipped == 4)
            let problems = outcome.stats.problems
            #expect(problems.count == 4)
            #expect(problems[0].hasPrefix("record 4: not valid JSON"))
            #expect(problems[1] == "record 5: the line ends inside the object (incomplete JSON)")
            #expect(problems[2].hasPrefix("record 10: DeleteTrail has no eventTime"))
            #expect(problems[3] == "record 11: not JSON: this line is not JSON")
        }
    }

    @Test("an EventBridge envelope is read as the CloudTrail event in its detail")
    func eventBridge() throws {
        let inner = Self.event("StopLogging", "cloudtrail.amazonaws.com", #"{"name":"main"}"#)
        let envelope = #"{"version":"0","id":"1","detail-type":"AWS API Call via CloudTrail","source":"aws.cloudtrail","#
            + #""account":"123456789012","time":"2026-11-27T08:00:01Z","region":"eu-west-1","resources":[],"detail":"# + inner + "}"
        let observation = try Self.observation(envelope + "\n")
        #expect(observation.rule == "cloudtrail/StopLogging")
        #expect(observation.resource == "main")
        #expect(observation.severity == .critical)
        #expect(observation.time == 1_795_766_400)
    }

    @Test("a malformed record inside a Records file is skipped and the others are read")
    func malformedRecord() throws {
        let good = Self.event("DeleteTrail", "cloudtrail.amazonaws.com", #"{"name":"audit"}"#)
        let text = #"{"Records":["# + good + #",{"eventName":"StopLogging","eventSource":oops},"# + good + "]}"
        for size in [3, 1 << 20] {
            let outcome = try Self.ingest(text, chunk: size)
            #expect(outcome.stats.records == 2)
            #expect(outcome.stats.skipped == 1)
            #expect(outcome.stats.problems.first?.hasPrefix("record 2: not valid JSON") == true, "\(outcome.stats.problems)")
            #expect(outcome.observations.map(\.line) == [1, 3])
        }
    }

    @Test("elements that are not objects, truncated files and records over the size limit are reported")
    func oddRecords() throws {
        let good = Self.event("DeleteTrail", "cloudtrail.amazonaws.com", #"{"name":"audit"}"#)
        let odd = try Self.ingest(#"{"Records":[42,"text",null,"# + good + "]}")
        #expect(odd.stats.problems == ["record 1: not a JSON object", "record 2: not a JSON object", "record 3: not a JSON object"])
        #expect(odd.observations.map(\.line) == [4])

        let truncated = try Self.ingest(#"{"Records":["# + good + "," + good.prefix(200))
        #expect(truncated.stats.problems == ["record 2: the input ends inside the record (a truncated file?)"])
        #expect(truncated.observations.count == 1)

        let huge = Self.event("DeleteTrail", "cloudtrail.amazonaws.com",
                              #"{"name":"audit","padding":""# + String(repeating: "x", count: JSONRecordSplitter.recordLimit) + #""}"#)
        let big = try Self.ingest(#"{"Records":["# + huge + "," + good + "]}", chunk: 1 << 16)
        #expect(big.stats.problems == ["record 1: larger than 4 MB, not read"])
        #expect(big.observations.map(\.line) == [2])
    }

    @Test("input that is not CloudTrail is an error that says what was expected")
    func notCloudTrail() throws {
        let accessLog = #"203.0.113.7 - - [27/Nov/2026:08:00:00 +0000] "GET / HTTP/1.1" 200 512"# + "\n"
        let text = #expect(throws: SecIssueError.self) { try Self.ingest(accessLog) }
        #expect(text?.message.contains("not CloudTrail") == true)
        #expect(text?.message.contains("{\"Records\": [...]}") == true)

        let otherJSON = #"{"time":"2026-11-27T08:00:00Z","remote_addr":"203.0.113.7","uri":"/search"}"# + "\n"
        let json = #expect(throws: SecIssueError.self) { try Self.ingest(otherJSON + otherJSON) }
        #expect(json?.message.contains("2 records and none is a CloudTrail event") == true, "\(json?.message ?? "")")
        #expect(json?.message.contains("remote_addr") == true)
        #expect(json?.message.contains("eventName and eventSource") == true)

        let gzip = #expect(throws: SecIssueError.self) { try Self.ingest([0x1F, 0x8B, 0x08, 0x00]) }
        #expect(gzip?.message.contains("gzip") == true)

        // An empty file, or one with an empty Records array, is no error: nothing happened.
        #expect(try Self.ingest("").stats.records == 0)
        #expect(try Self.ingest(#"{"Records":[]}"#).stats.records == 0)
    }

    @Test("0.0.0.0/0 and ::/0 open a group to the internet; other ranges are a change")
    func securityGroupSeverity() throws {
        func ingress(_ ranges: String, _ protocolName: String = "tcp", from: Int = 22, to: Int = 22) throws -> Observation {
            try Self.observation(Self.event("AuthorizeSecurityGroupIngress", "ec2.amazonaws.com", """
                {"groupId":"sg-0a1b2c3d","ipPermissions":{"items":[{"ipProtocol":"\(protocolName)","fromPort":\(from),"toPort":\(to),\(ranges)}]}}
                """))
        }
        let v4 = try ingress(#""ipRanges":{"items":[{"cidrIp":"0.0.0.0/0"}]}"#)
        #expect(v4.severity == .high)
        #expect(v4.title == "Security group sg-0a1b2c3d opened to the internet (tcp 22)")
        #expect(v4.sample == "AuthorizeSecurityGroupIngress tcp 22 from 0.0.0.0/0 by arn:aws:iam::123456789012:user/alice from 203.0.113.7 in eu-west-1")
        #expect(v4.cwe == 284)
        let v6 = try ingress(#""ipv6Ranges":{"items":[{"cidrIpv6":"::/0"}]}"#, from: 8000, to: 8080)
        #expect(v6.severity == .high)
        #expect(v6.title == "Security group sg-0a1b2c3d opened to the internet (tcp 8000-8080)")
        let inside = try ingress(#""ipRanges":{"items":[{"cidrIp":"10.0.0.0/8"}]}"#)
        #expect(inside.severity == .medium)
        #expect(inside.title == "Security group sg-0a1b2c3d changed")
        let everything = try ingress(#""ipRanges":{"items":[{"cidrIp":"0.0.0.0/0"}]}"#, "-1", from: -1, to: -1)
        #expect(everything.title == "Security group sg-0a1b2c3d opened to the internet (all traffic)")

        // The older flat parameters, and a group known only by name.
        let flat = try Self.observation(Self.event("AuthorizeSecurityGroupIngress", "ec2.amazonaws.com",
            #"{"groupName":"web-sg","ipProtocol":"tcp","fromPort":80,"toPort":80,"cidrIp":"0.0.0.0/0"}"#))
        #expect(flat.resource == "web-sg")
        #expect(flat.severity == .high)

        let modified = try Self.observation(Self.event("ModifySecurityGroupRules", "ec2.amazonaws.com", """
            {"ModifySecurityGroupRulesRequest":{"GroupId":"sg-0a1b2c3d","SecurityGroupRule":{"SecurityGroupRuleId":"sgr-01",\
            "SecurityGroupRule":{"IpProtocol":"tcp","FromPort":3306,"ToPort":3306,"CidrIpv4":"0.0.0.0/0"}}}}
            """))
        #expect(modified.severity == .high)
        #expect(modified.title == "Security group sg-0a1b2c3d opened to the internet (tcp 3306)")
    }

    @Test("StopLogging is critical; a failed call counts one severity lower and says it failed")
    func failedCalls() throws {
        let stopped = try Self.observation(Self.event("StopLogging", "cloudtrail.amazonaws.com",
            #"{"name":"arn:aws:cloudtrail:eu-west-1:123456789012:trail/main"}"#))
        #expect(stopped.severity == .critical)
        #expect(stopped.resource == "main")
        #expect(stopped.title == "CloudTrail logging stopped on trail main")

        let tried = try Self.observation(Self.event("StopLogging", "cloudtrail.amazonaws.com", #"{"name":"main"}"#, error: "AccessDenied"))
        #expect(tried.severity == .high)
        #expect(tried.title == "CloudTrail logging stopped on trail main (attempt failed)")
        #expect(tried.sample.hasSuffix(", failed: AccessDenied"))

        let key = try Self.observation(Self.event("DisableKey", "kms.amazonaws.com", #"{"keyId":"1234abcd"}"#, error: "AccessDeniedException"))
        #expect(key.severity == .medium)
        let user = try Self.observation(Self.event("CreateUser", "iam.amazonaws.com", #"{"userName":"x"}"#, error: "AccessDenied"))
        #expect(user.severity == .low)
    }

    @Test("policies: administrator attachments, full-access documents, open trust and bucket policies are high")
    func policies() throws {
        let admin = try Self.observation(Self.event("AttachGroupPolicy", "iam.amazonaws.com",
            #"{"groupName":"ops","policyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}"#))
        #expect(admin.severity == .high)
        #expect(admin.resource == "ops")

        let document = #"{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\"}}"#
        let trust = try Self.observation(Self.event("UpdateAssumeRolePolicy", "iam.amazonaws.com",
            #"{"roleName":"ops","policyDocument":""# + document + #""}"#))
        #expect(trust.severity == .high)
        #expect(trust.title == "Trust policy of IAM role ops lets anyone assume it")

        let encoded = "%7B%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C%22Action%22%3A%22*%22%2C%22Resource%22%3A%22*%22%7D%5D%7D"
        let full = try Self.observation(Self.event("CreatePolicy", "iam.amazonaws.com",
            #"{"policyName":"god-mode","policyDocument":""# + encoded + #""}"#))
        #expect(full.severity == .high)

        let acl = try Self.observation(Self.event("PutBucketAcl", "s3.amazonaws.com",
            #"{"bucketName":"shared","x-amz-acl":["public-read"],"acl":[""]}"#))
        #expect(acl.severity == .high)
        #expect(acl.title == "ACL of S3 bucket shared grants access to everyone")

        let weakened = try Self.observation(Self.event("PutBucketPublicAccessBlock", "s3.amazonaws.com",
            #"{"bucketName":"shared","PublicAccessBlockConfiguration":{"BlockPublicAcls":true,"IgnorePublicAcls":true,"BlockPublicPolicy":false,"RestrictPublicBuckets":false}}"#))
        #expect(weakened.severity == .high)
        #expect(weakened.title == "Public access block of S3 bucket shared weakened (BlockPublicPolicy, RestrictPublicBuckets off)")
    }

    @Test("read-only events, other services and same-named events of other services are ignored")
    func ignored() throws {
        let outcome = try Self.ingest([
            Self.event("DescribeSecurityGroups", "ec2.amazonaws.com", "{}", extra: ""),
            Self.event("CreateRoute", "apigateway.amazonaws.com", #"{"apiId":"a1b2c3"}"#),
            Self.event("DeletePolicy", "organizations.amazonaws.com", #"{"policyId":"p-1"}"#),
            Self.event("StopLogging", "cloudtrail.amazonaws.com", #"{"name":"main"}"#).replacingOccurrences(of: #""readOnly":false"#, with: #""readOnly":true"#),
        ].joined(separator: "\n"))
        #expect(outcome.observations.isEmpty)
        #expect(outcome.stats.records == 4)
        #expect(outcome.stats.skipped == 0)
    }

    @Test("a counted event without the resource it changes is skipped with the reason")
    func missingResource() throws {
        let outcome = try Self.ingest(Self.event("StopLogging", "cloudtrail.amazonaws.com", "null", error: "AccessDenied"))
        #expect(outcome.stats.problems == ["record 1: StopLogging names no trail name"])
    }

    @Test("samples, titles and sources never carry secrets, keys, tokens or policy documents")
    func noSecrets() throws {
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
        let token = "IQoJb3JpZ2luX2VjEXAMPLETOKEN"
        let password = "correct-horse-battery-staple"
        let identity = #","sessionCredentials":{"sessionToken":""# + token + #""}"#
        let records = [
            Self.event("CreateAccessKey", "iam.amazonaws.com", #"{"userName":"ci"}"#, extra: identity)
                .replacingOccurrences(of: #""responseElements":null"#, with:
                    #""responseElements":{"accessKey":{"accessKeyId":"AKIA2EXAMPLENEWKEY01","secretAccessKey":""# + secret + #"","status":"Active"}}"#),
            Self.event("CreateLoginProfile", "iam.amazonaws.com", #"{"userName":"ci","password":""# + password + #""}"#),
            Self.event("PutUserPolicy", "iam.amazonaws.com",
                       #"{"userName":"ci","policyName":"p","policyDocument":"{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"}"#),
        ]
        var texts: [String] = []
        for input in [try cloudTrailFixture("records.json"), try cloudTrailFixture("events.jsonl"), records.joined(separator: "\n")] {
            let outcome = try Self.ingest(input)
            texts += outcome.observations.flatMap { [$0.sample, $0.title, $0.source, $0.resource] }
        }
        #expect(texts.count > 100)
        for forbidden in [secret, token, password, "AKIA", "ASIA", "Statement", "secretAccessKey", "sessionToken", "s3:*", "PublicRead"] {
            #expect(!texts.contains { $0.contains(forbidden) }, "\(forbidden) reached a finding")
        }
    }

    @Test("event times are read by hand, with or without fractions of a second")
    func times() {
        #expect(CloudTrailRules.seconds("2026-11-27T08:00:00Z") == 1_795_766_400)
        #expect(CloudTrailRules.seconds("2026-11-27T08:00:00.123Z") == 1_795_766_400)
        #expect(CloudTrailRules.seconds("2026-11-27 08:00:00") == nil)
        #expect(CloudTrailRules.seconds("yesterday") == nil)
    }

    @Test("detection picks CloudTrail for both fixtures")
    func detection() throws {
        #expect(LogFormat.detect(ArraySlice(try cloudTrailFixture("records.json").utf8)) == .cloudtrail)
        #expect(LogFormat.detect(ArraySlice(try cloudTrailFixture("events.jsonl").utf8)) == .cloudtrail)
    }
}

/// A file from Tests/Fixtures/telemetry/cloudtrail (see its README); a missing one fails the test.
private func cloudTrailFixture(_ name: String) throws -> String {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/telemetry/cloudtrail/\(name)")
    return try String(contentsOf: url, encoding: .utf8)
}
