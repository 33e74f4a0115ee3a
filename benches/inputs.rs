//! Inputs shared by the benchmarks and the cost tests.
#![allow(dead_code)] // each user takes some

/// A signed 20-instance request, as a server receives it: about 1 KB.
pub fn signed_request() -> String {
    let ids: String = (1..=20).map(|n| format!("&InstanceId.{n}=i-bp1{n:02}wt48iaa8xq")).collect();
    format!(
        "AccessKeyId=LTAI5tQ8xdB9mYVp2n3oBfhZ&Action=SetInstancesProtection&Format=JSON{ids}\
         &ProtectedFromScaleIn=true&RegionId=cn-hangzhou&ScalingGroupId=asg-bp18p2yfxow2dloq\
         &Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D&SignatureMethod=HMAC-SHA1\
         &SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0\
         &Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-08-28"
    )
}

/// A signed `DescribeScalingInstances` request as the Terraform provider
/// reads protection back: a group, `LifecycleState=Protected`, a page.
pub fn signed_describe() -> String {
    "AccessKeyId=LTAI5tQ8xdB9mYVp2n3oBfhZ&Action=DescribeScalingInstances&Format=JSON\
     &LifecycleState=Protected&PageNumber=2&PageSize=50&RegionId=cn-hangzhou\
     &ScalingGroupId=asg-bp18p2yfxow2dloq&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D\
     &SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf\
     &SignatureVersion=1.0&Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-08-28"
        .to_owned()
}

/// A signed 20-instance `RemoveInstances` request with every option.
pub fn signed_remove() -> String {
    let ids: String = (1..=20).map(|n| format!("&InstanceId.{n}=i-bp1{n:02}wt48iaa8xq")).collect();
    format!(
        "AccessKeyId=LTAI5tQ8xdB9mYVp2n3oBfhZ&Action=RemoveInstances\
         &ClientToken=0c593ea1-3bea-11e9-b96b-88e9fe637760&DecreaseDesiredCapacity=false\
         &Format=JSON&IgnoreInvalidInstance=true{ids}&RegionId=cn-hangzhou&RemovePolicy=release\
         &ScalingGroupId=asg-bp18p2yfxow2dloq&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D\
         &SignatureMethod=HMAC-SHA1&SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf\
         &SignatureVersion=1.0&StopInstanceTimeout=60&Timestamp=2016-02-23T12%3A46%3A24Z\
         &Version=2014-08-28"
    )
}

/// The common parameters of a signed 1.0 request, for the others below.
const SIGNED: &str = "AccessKeyId=LTAI5tQ8xdB9mYVp2n3oBfhZ&Format=JSON&RegionId=cn-hangzhou\
    &Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D&SignatureMethod=HMAC-SHA1\
    &SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0\
    &Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-08-28";

/// A signed `DescribeScalingGroups` of 20 groups by id, as an autoscaler
/// reads its groups' counters.
pub fn signed_describe_groups() -> String {
    let ids: String =
        (1..=20).map(|n| format!("&ScalingGroupId.{n}=asg-bp1{n:02}p2yfxow2dloq")).collect();
    format!("Action=DescribeScalingGroups{ids}&PageSize=50&{SIGNED}")
}

/// A signed `ModifyScalingGroup` as Terraform sends a change of sizes and
/// policies.
pub fn signed_modify() -> String {
    format!(
        "Action=ModifyScalingGroup&DefaultCooldown=300&DesiredCapacity=4&MaxSize=10&MinSize=2\
         &RemovalPolicy.1=OldestScalingConfiguration&RemovalPolicy.2=OldestInstance\
         &ScalingGroupId=asg-bp18p2yfxow2dloq&ScalingGroupName=proxy-fleet&{SIGNED}"
    )
}

/// A signed `ScaleWithAdjustment` by percent, with a client token and a
/// lifecycle hook context.
pub fn signed_scale() -> String {
    format!(
        "Action=ScaleWithAdjustment&AdjustmentType=PercentChangeInCapacity&AdjustmentValue=-25\
         &ClientToken=0c593ea1-3bea-11e9-b96b-88e9fe637760\
         &LifecycleHookContext=%7B%22DisableLifecycleHook%22%3Atrue%7D&MinAdjustmentMagnitude=2\
         &ScalingGroupId=asg-bp18p2yfxow2dloq&{SIGNED}"
    )
}

/// A signed `DescribeScalingActivities` of a group's failed ones, a page.
pub fn signed_activities() -> String {
    format!(
        "Action=DescribeScalingActivities&PageNumber=1&PageSize=50\
         &ScalingGroupId=asg-bp18p2yfxow2dloq&StatusCode=Warning&{SIGNED}"
    )
}

/// A signed `EnableScalingGroup` attaching 20 instances with their weights.
pub fn signed_enable() -> String {
    let ids: String = (1..=20)
        .map(|n| format!("&InstanceId.{n}=i-bp1{n:02}wt48iaa8xq&LoadBalancerWeight.{n}={}", n * 5))
        .collect();
    format!(
        "Action=EnableScalingGroup&ActiveScalingConfigurationId=asc-bp1ffogvinzc6j4p4kz5{ids}\
         &ScalingGroupId=asg-bp18p2yfxow2dloq&{SIGNED}"
    )
}

/// A signed `DisableScalingGroup`.
pub fn signed_disable() -> String {
    format!("Action=DisableScalingGroup&ScalingGroupId=asg-bp18p2yfxow2dloq&{SIGNED}")
}

/// A signed `EnterStandby` of 20 instances, with a client token.
pub fn signed_enter_standby() -> String {
    let ids: String = (1..=20).map(|n| format!("&InstanceId.{n}=i-bp1{n:02}wt48iaa8xq")).collect();
    format!(
        "Action=EnterStandby&Async=false&ClientToken=0c593ea1-3bea-11e9-b96b-88e9fe637760{ids}\
         &ScalingGroupId=asg-bp18p2yfxow2dloq&{SIGNED}"
    )
}

/// A signed `ExitStandby` of 20 instances.
pub fn signed_exit_standby() -> String {
    signed_enter_standby().replacen("Action=EnterStandby", "Action=ExitStandby", 1)
}

/// A `DescribeScalingInstances` answer: the documentation's sample, and a
/// page of 10 of them.
pub const DESCRIBE_JSON: &str = include_str!("../tests/samples/describe_scaling_instances.json");

pub const SUCCESS_XML: &str = include_str!("../tests/samples/response.xml");
pub const SUCCESS_JSON: &str = include_str!("../tests/samples/response.json");
/// FACTS.md's error bodies.
pub const ERROR_XML: &str = include_str!("../tests/samples/error.xml");
pub const ERROR_JSON: &str = include_str!("../tests/samples/error.json");

/// Adversarial inputs of about `size` bytes, by kind.
pub fn adversarial(kind: &str, size: usize) -> Vec<u8> {
    let repeat = |unit: &str| unit.repeat(size / unit.len()).into_bytes();
    match kind {
        // A known list key, repeated: the operation must be known (without
        // `Action`, every parameter is an extra one: `unknown-params`).
        "repeated-keys" => {
            [b"Action=SetInstancesProtection&".to_vec(), repeat("InstanceId.1=a&")].concat()
        }
        "unknown-params" => {
            let mut out = String::new();
            let mut i = 0u64;
            while out.len() < size {
                out.push_str(&format!("P{i}=v&"));
                i += 1;
            }
            out.into_bytes()
        }
        "long-value" => format!("RegionId={}", "%41b".repeat(size / 4)).into_bytes(),
        "deep-xml" => [b"<SetInstancesProtectionResponse>".to_vec(), repeat("<a>")].concat(),
        "wide-xml" => {
            let inner = "<X>v</X>".repeat(size / 8);
            format!("<SetInstancesProtectionResponse><RequestId>R</RequestId>{inner}</SetInstancesProtectionResponse>").into_bytes()
        }
        "long-json-string" => {
            format!("{{\"RequestId\":\"{}\"}}", "a\\n".repeat(size / 3)).into_bytes()
        }
        // HTTP messages: many x-acs-* headers (parsed; or signed with V3
        // and verified), many parameters of a 1.0 request (verified).
        "many-headers" | "v3-many-signed" => {
            let mut out = String::from("POST /?ScalingGroupId=asg-1 HTTP/1.1\r\nhost: h\r\n");
            let mut i = 0u64;
            while out.len() < size {
                out.push_str(&format!("x-acs-h{i}: v\r\n"));
                i += 1;
            }
            out.push_str("\r\n");
            out.into_bytes()
        }
        "v1-many-params" => {
            let mut out = String::from(
                "GET /?AccessKeyId=k&Signature=AAAA&SignatureMethod=HMAC-SHA1&SignatureNonce=n\
                 &SignatureVersion=1.0&Timestamp=2016-02-23T12%3A46%3A24Z",
            );
            let mut i = 0u64;
            while out.len() < size {
                out.push_str(&format!("&P{i}=v%2A"));
                i += 1;
            }
            out.push_str(" HTTP/1.1\r\n\r\n");
            out.into_bytes()
        }
        // RAM: a resource name to match against a hundred `*a` (and
        // `*a?`), and a policy document of many statements.
        "wildcard" => {
            format!("acs:ess:cn-hangzhou:1:scalinggroup/{}", "ab".repeat(size / 2)).into_bytes()
        }
        "policy" => {
            let mut out = String::from(r#"{"Version": "1", "Statement": ["#);
            while out.len() < size {
                out.push_str(
                    r#"{"Effect": "Allow", "Action": ["ess:*a*b", "ess:S?t*"], "Resource": "acs:ess:*:*:scalinggroup/*a*a*a*z"},"#,
                );
            }
            out.push_str(r#"{"Effect": "Deny", "Action": "ecs:*", "Resource": "*"}]}"#);
            out.into_bytes()
        }
        _ => Vec::new(),
    }
}

/// A raw HTTP request message, split simply (for the committed captures).
pub struct Message {
    method: String,
    target: String,
    headers: Vec<(String, Vec<u8>)>,
    body: Vec<u8>,
}

impl Message {
    pub fn parse(raw: &[u8]) -> Self {
        let at = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a blank line");
        let head = std::str::from_utf8(&raw[..at]).expect("an ASCII head");
        let mut lines = head.split("\r\n");
        let mut line = lines.next().unwrap().split(' ');
        let (method, target) = (line.next().unwrap().to_owned(), line.next().unwrap().to_owned());
        let headers = lines
            .map(|l| l.split_once(':').unwrap())
            .map(|(n, v)| (n.to_owned(), v.trim().as_bytes().to_vec()))
            .collect();
        Message { method, target, headers, body: raw[at + 4..].to_vec() }
    }

    /// The message as the library takes it.
    pub fn http(&self) -> ess_protection::HttpRequest<'_> {
        let mut http =
            ess_protection::HttpRequest::new(&self.method, &self.target).body(&self.body);
        http.headers = self.headers.iter().map(|(n, v)| (n.as_str(), v.as_slice())).collect();
        http
    }
}

/// The 2014-08-28 Python SDK's request for 20 instances (signature 1.0).
pub const V1_MESSAGE: &[u8] = include_bytes!("../tests/clients/captured/ess2014-twenty.http");
/// The 2022-02-22 Python SDK's default request for 20 instances (V3).
pub const V3_MESSAGE: &[u8] = include_bytes!("../tests/clients/captured/ess2022-v3-twenty.http");
