//! RAM policies: every problem named with its place, what each operation
//! asks for, evaluation, and its laws as properties.

use ess_protection::model::State;
use ess_protection::ram::{
    Access, Decision, Effect, Pattern, Patterns, Policy, Statement, evaluate, evaluate_request,
};
use ess_protection::{AnyOperation, Request, ScalingGroupId};
use proptest::prelude::*;

fn error(json: &str) -> String {
    json.parse::<Policy>().unwrap_err().to_string()
}

fn statement(body: &str) -> String {
    format!(
        r#"{{"Version": "1", "Statement": [{{"Effect": "Allow", "Action": "*", "Resource": "*"}}, {body}]}}"#
    )
}

#[test]
fn every_problem_is_named_with_its_place() {
    let cases = [
        (
            r#"[]"#.to_owned(),
            "not a policy document: invalid type: sequence, expected an object at line 1 column 0",
        ),
        (r#"{"Statement": []}"#.to_owned(), "Version: missing"),
        (
            r#"{"Version": "2", "Statement": []}"#.to_owned(),
            r#"Version: only version "1" is supported"#,
        ),
        (
            r#"{"Version": 1, "Statement": []}"#.to_owned(),
            r#"Version: only version "1" is supported"#,
        ),
        (r#"{"Version": "1"}"#.to_owned(), "Statement: missing"),
        (
            r#"{"Version": "1", "Statement": {}}"#.to_owned(),
            "Statement: expected an array of statements",
        ),
        (
            r#"{"Version": "1", "Version": "1", "Statement": []}"#.to_owned(),
            "not a policy document: `Version` is given twice at line 1 column 26",
        ),
        (
            r#"{"Version": "1", "Statement": [], "Id": "x"}"#.to_owned(),
            "Id: unknown element (names are case-sensitive)",
        ),
        (
            statement(r#""x""#),
            "Statement[1]: expected a statement object: invalid type: string \"x\", expected an object",
        ),
        (statement(r#"{"Action": "*", "Resource": "*"}"#), "Statement[1].Effect: missing"),
        (
            statement(r#"{"Effect": "allow", "Action": "*", "Resource": "*"}"#),
            r#"Statement[1].Effect: expected "Allow" or "Deny""#,
        ),
        (
            statement(r#"{"Effect": "Allow", "Resource": "*"}"#),
            "Statement[1].Action: missing (or NotAction)",
        ),
        (
            statement(r#"{"Effect": "Allow", "Action": "*"}"#),
            "Statement[1].Resource: missing (or NotResource)",
        ),
        (
            statement(r#"{"Effect": "Allow", "Action": "*", "NotAction": "*", "Resource": "*"}"#),
            "Statement[1].NotAction: given with Action",
        ),
        (
            statement(r#"{"Effect": "Allow", "Action": "*", "Resource": "*", "NotResource": "*"}"#),
            "Statement[1].NotResource: given with Resource",
        ),
        (
            statement(r#"{"Effect": "Allow", "Action": [], "Resource": "*"}"#),
            "Statement[1].Action: an empty list covers nothing",
        ),
        (
            statement(r#"{"Effect": "Allow", "Action": 3, "Resource": "*"}"#),
            "Statement[1].Action: expected a string or an array of strings",
        ),
        (
            statement(r#"{"Effect": "Allow", "Action": ["ess:*", 3], "Resource": "*"}"#),
            "Statement[1].Action[1]: expected a string",
        ),
        (
            statement(r#"{"Effect": "Allow", "Action": ["ess:*", "ess"], "Resource": "*"}"#),
            r#"Statement[1].Action[1]: expected "*" or an action "product:Operation""#,
        ),
        (
            statement(r#"{"Effect": "Allow", "Action": "ess: Set", "Resource": "*"}"#),
            r#"Statement[1].Action: expected "*" or an action "product:Operation""#,
        ),
        (
            statement(r#"{"Effect": "Allow", "Action": "*", "Resource": ["scalinggroup/x"]}"#),
            r#"Statement[1].Resource[0]: expected "*" or a resource "acs:product:region:account:relative-id""#,
        ),
        (
            statement(r#"{"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {}}"#),
            "Statement[1].Condition: conditions are not supported (ignoring one would allow what the service denies)",
        ),
        (
            statement(
                r#"{"Effect": "Allow", "Action": "*", "Resource": "*", "Principal": {"RAM": "*"}}"#,
            ),
            "Statement[1].Principal: principals are not supported (they belong to resource policies, not to a key's)",
        ),
        (
            statement(r#"{"Effect": "Allow", "Action": "*", "Resource": "*", "Sid": "x"}"#),
            "Statement[1].Sid: unknown element (names are case-sensitive)",
        ),
        (
            statement(r#"{"Effect": "Allow", "action": "*", "Resource": "*"}"#),
            "Statement[1].action: unknown element (names are case-sensitive)",
        ),
        (
            statement(r#"{"Effect": "Allow", "Effect": "Deny", "Action": "*", "Resource": "*"}"#),
            "Statement[1]: expected a statement object: `Effect` is given twice",
        ),
    ];
    for (json, expected) in cases {
        assert_eq!(error(&json), expected, "{json}");
    }
    let e = statement(r#"{"Effect": "Allow", "Action": ["ess:*", "ess"], "Resource": "*"}"#)
        .parse::<Policy>()
        .unwrap_err();
    assert_eq!(
        (e.place(), e.problem()),
        ("Statement[1].Action[1]", r#"expected "*" or an action "product:Operation""#)
    );
}

fn group(id: &str) -> String {
    format!("acs:ess:cn-hangzhou:1234567890:scalinggroup/{id}")
}

fn policy(json: &str) -> Policy {
    json.parse().unwrap()
}

#[test]
fn the_issues_scenarios() {
    let describe_only = policy(
        r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ess:DescribeScalingInstances", "Resource": "*"}]}"#,
    );
    let scoped = policy(
        r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ess:*", "Resource": "acs:ess:*:*:scalinggroup/asg-a*"}]}"#,
    );
    let all_but_remove = policy(
        r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ess:*", "Resource": "*"}, {"Effect": "Deny", "Action": "ess:RemoveInstances", "Resource": "*"}]}"#,
    );
    let set_only = policy(
        r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "ess:Set*", "Resource": ["*"]}]}"#,
    );
    let d = |p: &Policy, action: &str, id: &str| p.evaluate(&format!("ess:{action}"), &group(id));
    use Decision::*;
    assert_eq!(d(&describe_only, "DescribeScalingInstances", "asg-1"), Allow);
    assert_eq!(d(&describe_only, "SetInstancesProtection", "asg-1"), ImplicitDeny);
    assert_eq!(d(&describe_only, "RemoveInstances", "asg-1"), ImplicitDeny);
    assert_eq!(d(&scoped, "SetInstancesProtection", "asg-a1"), Allow);
    assert_eq!(d(&scoped, "SetInstancesProtection", "asg-b1"), ImplicitDeny);
    assert_eq!(
        d(&scoped, "DescribeScalingInstances", "*"),
        ImplicitDeny,
        "all groups is not asg-a*"
    );
    assert_eq!(d(&all_but_remove, "SetInstancesProtection", "asg-1"), Allow);
    assert_eq!(d(&all_but_remove, "RemoveInstances", "asg-1"), ExplicitDeny);
    assert_eq!(d(&set_only, "SetInstancesProtection", "asg-1"), Allow);
    assert_eq!(d(&set_only, "DescribeScalingInstances", "asg-1"), ImplicitDeny);
    // Action names compare without regard to case; resources exactly.
    assert_eq!(set_only.evaluate("ESS:setinstancesprotection", &group("x")), Allow);
    assert_eq!(scoped.evaluate("ess:SetInstancesProtection", &group("ASG-A1")), ImplicitDeny);
    // NotAction and NotResource.
    let not = policy(
        r#"{"Version": "1", "Statement": [{"Effect": "Allow", "NotAction": "ess:Remove*", "NotResource": "acs:ess:*:*:scalinggroup/asg-prod*"}]}"#,
    );
    assert_eq!(d(&not, "SetInstancesProtection", "asg-test"), Allow);
    assert_eq!(d(&not, "RemoveInstances", "asg-test"), ImplicitDeny);
    assert_eq!(d(&not, "SetInstancesProtection", "asg-prod-1"), ImplicitDeny);
    // Several policies: a deny in one wins over an allow in another.
    let deny_prod = policy(
        r#"{"Version": "1", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "acs:ess:*:*:scalinggroup/asg-prod*"}]}"#,
    );
    assert_eq!(
        evaluate([&set_only, &deny_prod], "ess:SetInstancesProtection", &group("asg-prod-1")),
        ExplicitDeny
    );
    assert_eq!(
        evaluate([&set_only, &deny_prod], "ess:SetInstancesProtection", &group("asg-1")),
        Allow
    );
    assert_eq!(evaluate([], "ess:SetInstancesProtection", &group("asg-1")), ImplicitDeny);
}

#[test]
fn what_each_operation_asks_for() {
    let access = |query: &str, region: &str| {
        let request: Request<AnyOperation> = query.parse().unwrap();
        Access::of(&request.operation, region, "1234567890")
    };
    let protect = access(
        "Action=SetInstancesProtection&Version=2022-02-22&ScalingGroupId=asg-1&InstanceIds.1=i-1&ProtectedFromScaleIn=true",
        "cn-beijing",
    );
    assert_eq!(
        (protect.action.as_str(), protect.resource.as_str()),
        ("ess:SetInstancesProtection", "acs:ess:cn-beijing:1234567890:scalinggroup/asg-1")
    );
    let remove = access(
        "Action=RemoveInstances&Version=2014-08-28&ScalingGroupId=asg-2&InstanceId.1=i-1&RegionId=cn-hangzhou",
        "cn-hangzhou",
    );
    assert_eq!(
        (remove.action.as_str(), remove.resource.as_str()),
        ("ess:RemoveInstances", "acs:ess:cn-hangzhou:1234567890:scalinggroup/asg-2")
    );
    let describe = access(
        "Action=DescribeScalingInstances&Version=2014-08-28&RegionId=cn-hangzhou&ScalingGroupId=asg-3",
        "cn-hangzhou",
    );
    assert_eq!(describe.resource, "acs:ess:cn-hangzhou:1234567890:scalinggroup/asg-3");
    let all = access(
        "Action=DescribeScalingInstances&Version=2014-08-28&RegionId=cn-hangzhou",
        "cn-hangzhou",
    );
    assert_eq!(
        (all.action.as_str(), all.resource.as_str()),
        ("ess:DescribeScalingInstances", "acs:ess:cn-hangzhou:1234567890:scalinggroup/*")
    );
}

#[test]
fn wildcards_never_backtrack_exponentially() {
    let pattern = Pattern::new(&"*a".repeat(100));
    let subject = "a".repeat(99) + &"b".repeat(10_000);
    let started = std::time::Instant::now();
    for _ in 0..100 {
        assert!(!pattern.matches(&subject));
    }
    // Not a timed assertion: a report (the linear-cost check counts instructions).
    eprintln!("100 matches of a hundred *a against 10 KB: {:?}", started.elapsed());
    let pattern = Pattern::new(&"*a?".repeat(100));
    assert!(!pattern.matches(&subject));
    assert!(pattern.matches(&"ab".repeat(5_000)));
}

// Properties: policies from a small vocabulary, so that statements often
// apply to the requests drawn.

const ACTIONS: [&str; 3] =
    ["ess:SetInstancesProtection", "ess:DescribeScalingInstances", "ess:RemoveInstances"];
const ACTION_PATTERNS: [&str; 6] =
    ["*", "ess:*", "ess:Set*", "ess:*Instances", "ESS:REMOVEINSTANCES", "ecs:*"];
const GROUPS: [&str; 4] = ["asg-a1", "asg-a2", "asg-b1", "*"];
const RESOURCE_PATTERNS: [&str; 5] = [
    "*",
    "acs:ess:*:*:scalinggroup/asg-a*",
    "acs:ess:cn-hangzhou:*:scalinggroup/asg-?1",
    "acs:ess:*:*:scalinggroup/*",
    "acs:ecs:*:*:instance/*",
];

fn patterns(vocabulary: &'static [&'static str]) -> impl Strategy<Value = Patterns> {
    (any::<bool>(), prop::collection::vec(prop::sample::select(vocabulary), 1..3)).prop_map(
        |(not, list)| {
            let list = list.into_iter().map(Pattern::new).collect();
            if not { Patterns::AllBut(list) } else { Patterns::Only(list) }
        },
    )
}

fn a_statement() -> impl Strategy<Value = Statement> {
    (any::<bool>(), patterns(&ACTION_PATTERNS), patterns(&RESOURCE_PATTERNS)).prop_map(
        |(deny, actions, resources)| {
            Statement::new(if deny { Effect::Deny } else { Effect::Allow }, actions, resources)
        },
    )
}

fn a_policy() -> impl Strategy<Value = Policy> {
    prop::collection::vec(a_statement(), 0..5).prop_map(Policy::new)
}

fn a_request() -> impl Strategy<Value = (&'static str, String)> {
    (prop::sample::select(&ACTIONS[..]), prop::sample::select(&GROUPS[..]))
        .prop_map(|(a, g)| (a, group(g)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn an_explicit_deny_always_wins(policies in prop::collection::vec(a_policy(), 0..4), (action, resource) in a_request()) {
        let denies = policies.iter().flat_map(Policy::statements).any(|s| {
            s.effect() == Effect::Deny && s.actions().covers(&action.to_ascii_lowercase()) && s.resources().covers(&resource)
        });
        let decision = evaluate(&policies, action, &resource);
        prop_assert_eq!(decision == Decision::ExplicitDeny, denies);
        // And adding a deny of everything denies everything.
        let mut more = policies.clone();
        more.push(Policy::new(vec![Statement::new(Effect::Deny, Patterns::Only(vec![Pattern::new("*")]), Patterns::Only(vec![Pattern::new("*")]))]));
        prop_assert_eq!(evaluate(&more, action, &resource), Decision::ExplicitDeny);
    }

    #[test]
    fn the_order_of_statements_and_of_policies_never_matters(
        policies in prop::collection::vec(a_policy(), 0..4),
        (action, resource) in a_request(),
        seed in any::<u64>(),
    ) {
        let decision = evaluate(&policies, action, &resource);
        let mut reordered = policies.clone();
        reordered.reverse();
        let reordered: Vec<Policy> = reordered.into_iter().enumerate().map(|(n, p)| {
            let mut statements = p.statements().to_vec();
            let len = statements.len().max(1);
            statements.rotate_left((seed as usize + n) % len);
            Policy::new(statements)
        }).collect();
        prop_assert_eq!(evaluate(&reordered, action, &resource), decision);
        // One policy of all the statements decides the same.
        let merged = Policy::new(policies.iter().flat_map(|p| p.statements().iter().cloned()).collect());
        prop_assert_eq!(merged.evaluate(action, &resource), decision);
    }

    #[test]
    fn no_statement_no_access((action, resource) in a_request(), empty in 0usize..3) {
        let policies: Vec<Policy> = (0..empty).map(|_| Policy::new(vec![])).collect();
        prop_assert_eq!(evaluate(&policies, action, &resource), Decision::ImplicitDeny);
    }

    #[test]
    fn allowing_everything_allows_all_that_is_not_denied(policies in prop::collection::vec(a_policy(), 0..4), (action, resource) in a_request()) {
        let mut with = policies.clone();
        with.push(policy(r#"{"Version": "1", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}"#));
        let without = evaluate(&policies, action, &resource);
        let expected = if without == Decision::ExplicitDeny { Decision::ExplicitDeny } else { Decision::Allow };
        prop_assert_eq!(evaluate(&with, action, &resource), expected);
    }

    /// A request is allowed exactly when its own access and the action on
    /// every group it draws from are; a deny of any of them is explicit
    /// when one is, whatever the order of the groups.
    #[test]
    fn a_request_is_allowed_only_on_every_group_it_draws_from(
        policies in prop::collection::vec(a_policy(), 0..4),
        named in prop::sample::select(&GROUPS[..]),
        drawn in prop::collection::vec(prop::sample::select(&GROUPS[..3]), 0..4),
    ) {
        let query = if named == "*" {
            "Action=DescribeScalingInstances&Version=2014-08-28&RegionId=cn-hangzhou".to_owned()
        } else {
            format!("Action=DescribeScalingInstances&Version=2014-08-28&RegionId=cn-hangzhou&ScalingGroupId={named}")
        };
        let request: Request<AnyOperation> = query.parse().unwrap();
        let ids: Vec<ScalingGroupId> = drawn.iter().map(|g| g.parse().unwrap()).collect();
        let groups = || ids.iter().map(|g| ("cn-hangzhou", g));
        let decision = evaluate_request(&policies, &request.operation, "cn-hangzhou", "1234567890", groups());
        let action = "ess:DescribeScalingInstances";
        let each: Vec<Decision> = std::iter::once(group(named))
            .chain(drawn.iter().map(|g| group(g)))
            .map(|resource| evaluate(&policies, action, &resource))
            .collect();
        let expected = if each.contains(&Decision::ExplicitDeny) {
            Decision::ExplicitDeny
        } else if each.contains(&Decision::ImplicitDeny) {
            Decision::ImplicitDeny
        } else {
            Decision::Allow
        };
        prop_assert_eq!(decision, expected);
        let reversed: Vec<&ScalingGroupId> = ids.iter().rev().collect();
        let again = evaluate_request(&policies, &request.operation, "cn-hangzhou", "1234567890",
            reversed.into_iter().map(|g| ("cn-hangzhou", g)));
        prop_assert_eq!(again, decision);
    }
}

/// The groups a request draws from, which an authorizer checks: the one it
/// names (in the request's region), or every group of the region for a
/// describe that names none, whatever its other filters.
#[test]
fn the_groups_each_request_draws_from() {
    let state: State = r#"{"ScalingGroups": [
      {"ScalingGroupId": "asg-1", "RegionId": "cn-hangzhou", "LifecycleState": "Active", "Instances": [
        {"InstanceId": "i-1", "LifecycleState": "InService", "CreationTime": "2026-01-01T00:00:00Z"}]},
      {"ScalingGroupId": "asg-2", "RegionId": "cn-hangzhou", "LifecycleState": "Active", "Instances": []},
      {"ScalingGroupId": "asg-3", "RegionId": "cn-beijing", "LifecycleState": "Active", "Instances": []}]}"#
        .parse()
        .unwrap();
    let groups = |query: &str| -> Vec<String> {
        let request: Request<AnyOperation> = query.parse().unwrap();
        state.groups_of(&request.operation).iter().map(|g| g.scaling_group_id.to_string()).collect()
    };
    let describe = "Action=DescribeScalingInstances&Version=2014-08-28&RegionId=cn-hangzhou";
    assert_eq!(groups(describe), ["asg-1", "asg-2"]);
    assert_eq!(groups(&format!("{describe}&InstanceId.1=i-1")), ["asg-1", "asg-2"]);
    assert_eq!(groups(&format!("{describe}&ScalingGroupId=asg-2")), ["asg-2"]);
    assert!(groups(&format!("{describe}&ScalingGroupId=asg-3")).is_empty(), "another region's");
    let protect = "Action=SetInstancesProtection&Version=2014-08-28&ScalingGroupId=asg-3\
                   &InstanceId.1=i-1&ProtectedFromScaleIn=true";
    assert_eq!(groups(protect), ["asg-3"]);
    assert!(groups(&format!("{protect}&RegionId=cn-hangzhou")).is_empty());
    assert!(groups(&protect.replace("asg-3", "asg-9")).is_empty());
}
