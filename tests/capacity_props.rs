//! Properties of the model over arbitrary states and arbitrary sequences of
//! the eleven operations and the harness's scale-in, each answered as a
//! server answers it (`State::answer`), in either version (10,000 cases):
//!
//! - no `Protected` or `Standby` instance ever leaves but by
//!   `RemoveInstances`;
//! - a group's counters add up to its total;
//! - a group's `LifecycleState` changes only by Enable or Disable;
//! - `MinSize ≤ DesiredCapacity ≤ MaxSize` always holds;
//! - replaying the activities from the first state gives the membership;
//! - describes never change the state, a refusal changes nothing, and an
//!   answer that says nothing changed changed nothing.

use std::collections::{BTreeMap, BTreeSet};

use ess_protection::model::{
    GroupState, Instance, InstanceState, RemovalPolicy, ScalingGroup, Sequential, State,
};
use ess_protection::{
    ActivityStatus, AdjustmentType, AnyOperation, ApiVersion, ClientToken,
    DescribeScalingActivities, DescribeScalingGroups, DescribeScalingInstances,
    DisableScalingGroup, EnableScalingGroup, EnterStandby, ExecutionMode, ExitStandby, GroupSize,
    InstanceId, InstanceIds, List, MinAdjustmentMagnitude, ModifyScalingGroup, PageSize, RegionId,
    RemoveInstances, Request, ScaleWithAdjustment, ScalingGroupId, SetInstancesProtection,
    Timestamp,
};
use proptest::prelude::*;

fn group_id(n: usize) -> ScalingGroupId {
    format!("asg-{n}").parse().unwrap()
}

fn instance_id(n: usize) -> InstanceId {
    format!("i-{n}").parse().unwrap()
}

fn region(n: usize) -> RegionId {
    format!("r{n}").parse().unwrap()
}

/// A group: its state, policies, bounds `(min, desired − min, max −
/// desired)`, whether an activity of it is still running, and its
/// instances' states and days.
type RawGroup = (
    GroupState,
    bool,
    Option<Vec<RemovalPolicy>>,
    (Option<u32>, Option<u32>, Option<u32>),
    bool,
    Vec<(InstanceState, u32)>,
);

fn group() -> impl Strategy<Value = RawGroup> {
    (
        prop::sample::select(GroupState::ALL.to_vec()),
        prop::bool::weighted(0.8),
        prop::option::of(prop::collection::vec(
            prop::sample::select(RemovalPolicy::ALL.to_vec()),
            1..3,
        )),
        (prop::option::of(0u32..4), prop::option::of(0u32..6), prop::option::of(0u32..8)),
        prop::bool::weighted(0.1),
        prop::collection::vec((prop::sample::select(InstanceState::ALL.to_vec()), 0u32..5), 0..10),
    )
}

/// Up to 3 groups in 2 regions, instance ids unique, bounds in order, no
/// activity recorded but, now and then, one in progress.
fn state() -> impl Strategy<Value = State> {
    prop::collection::vec(group(), 1..4).prop_map(|groups| {
        let mut next = 0;
        let groups = groups
            .into_iter()
            .enumerate()
            .map(|(g, (state, active, policies, (min, desired, max), running, instances))| {
                let state = if active { GroupState::Active } else { state };
                let mut group = ScalingGroup::new(group_id(g), region(1 + g % 2), state);
                group.removal_policies = policies;
                let desired = desired.map(|d| min.unwrap_or(0) + d);
                let max = max.map(|m| desired.or(min).unwrap_or(0) + m);
                (group.min_size, group.desired_capacity, group.max_size) = (min, desired, max);
                group.scaling_group_name = Some(format!("group-{g}"));
                for (state, day) in instances {
                    let time = Timestamp::from_unix_seconds(1_704_067_200 + i64::from(day) * 86_400).unwrap();
                    group.instances.push(Instance::new(instance_id(next), state, time));
                    next += 1;
                }
                let mut json = serde_json::to_value(&group).unwrap();
                if running {
                    json["ScalingActivities"] = serde_json::json!([{"ScalingActivityId": format!("asa-run-{g}"),
                        "StatusCode": "InProgress", "StartTime": "2025-12-31T00:00:00Z"}]);
                }
                json
            })
            .collect::<Vec<_>>();
        serde_json::from_value(serde_json::json!({ "ScalingGroups": groups })).unwrap()
    })
}

#[derive(Debug, Clone)]
enum Op {
    Protect {
        group: usize,
        ids: Vec<usize>,
        protect: bool,
    },
    DescribeInstances {
        region: usize,
        group: Option<usize>,
    },
    Remove {
        group: usize,
        ids: Vec<usize>,
        ignore: bool,
        decrease: bool,
        token: Option<u8>,
    },
    DescribeGroups {
        region: usize,
        ids: Option<Vec<usize>>,
        page_size: u32,
    },
    Modify {
        group: usize,
        sizes: (Option<u32>, Option<u32>, Option<u32>),
        disable: bool,
        name: Option<usize>,
    },
    Adjust {
        group: usize,
        kind: AdjustmentType,
        value: i32,
        magnitude: Option<u32>,
        plan: bool,
        token: Option<u8>,
    },
    DescribeActivities {
        region: usize,
        group: Option<usize>,
        status: Option<ActivityStatus>,
        page_size: u32,
    },
    ScaleIn {
        group: usize,
        count: usize,
    },
    Enable {
        group: usize,
        attach: Vec<usize>,
    },
    Disable {
        group: usize,
    },
    Standby {
        group: usize,
        ids: Vec<usize>,
        enter: bool,
        token: Option<u8>,
    },
}

/// Operations on groups 0–3 (3 never exists; the first is the likeliest)
/// and their instances.
fn op() -> impl Strategy<Value = Op> {
    let ids = prop::collection::vec(0usize..30, 1..5);
    let group =
        || prop_oneof![3 => Just(0usize), 2 => Just(1usize), 1 => Just(2usize), 1 => Just(3usize)];
    let size = || prop::option::of(0u32..12);
    let kind = prop::sample::select(AdjustmentType::ALL.to_vec());
    prop_oneof![
        2 => (group(), ids.clone(), any::<bool>()).prop_map(|(group, ids, protect)| Op::Protect { group, ids, protect }),
        1 => (1usize..3, prop::option::of(0usize..4)).prop_map(|(region, group)| Op::DescribeInstances { region, group }),
        2 => (group(), ids.clone(), any::<bool>(), any::<bool>(), prop::option::of(0u8..3))
            .prop_map(|(group, ids, ignore, decrease, token)| Op::Remove { group, ids, ignore, decrease, token }),
        1 => (1usize..3, prop::option::of(prop::collection::vec(group(), 1..3)), 1u32..=50)
            .prop_map(|(region, ids, page_size)| Op::DescribeGroups { region, ids, page_size }),
        3 => (group(), (size(), size(), size()), prop::bool::weighted(0.1), prop::option::of(0usize..4))
            .prop_map(|(group, sizes, disable, name)| Op::Modify { group, sizes, disable, name }),
        3 => (group(), kind, -120i32..120, prop::option::of(1u32..4), prop::bool::weighted(0.1), prop::option::of(0u8..3))
            .prop_map(|(group, kind, value, magnitude, plan, token)| Op::Adjust { group, kind, value, magnitude, plan, token }),
        1 => (1usize..3, prop::option::of(0usize..4), prop::option::of(prop::sample::select(ActivityStatus::ALL.to_vec())), 1u32..=50)
            .prop_map(|(region, group, status, page_size)| Op::DescribeActivities { region, group, status, page_size }),
        2 => (group(), 0usize..12).prop_map(|(group, count)| Op::ScaleIn { group, count }),
        1 => (group(), prop::collection::vec(25usize..40, 0..3)).prop_map(|(group, attach)| Op::Enable { group, attach }),
        1 => group().prop_map(|group| Op::Disable { group }),
        2 => (group(), ids.clone(), any::<bool>(), prop::option::of(3u8..5))
            .prop_map(|(group, ids, enter, token)| Op::Standby { group, ids, enter, token }),
    ]
}

/// Instance ids: the `n`th of the group's instances (modulo their number),
/// or, now and then and in a group without any, `i-{n}`, which may be
/// another group's or none.
fn ids_of(state: &State, group: usize, ids: &[usize]) -> InstanceIds {
    let instances = state.group(&group_id(group)).map_or(&[][..], |g| g.instances.as_slice());
    let pick = |n: usize| match instances.len() {
        len if len > 0 && n % 7 != 6 => instances[n % len].instance_id.clone(),
        _ => instance_id(n),
    };
    InstanceIds::try_from(ids.iter().map(|&n| pick(n)).collect::<Vec<_>>()).unwrap()
}

fn token(t: u8) -> ClientToken {
    format!("token-{t}").parse().unwrap()
}

/// The operation on a state, as a request; `None` for the harness's
/// scale-in.
fn operation(op: &Op, state: &State) -> Option<AnyOperation> {
    Some(match op.clone() {
        Op::Protect { group, ids, protect } => {
            SetInstancesProtection::new(group_id(group), ids_of(state, group, &ids), protect.into())
                .into()
        }
        Op::DescribeInstances { region, group } => {
            let mut d = DescribeScalingInstances::new(self::region(region));
            d.scaling_group_id = group.map(group_id);
            d.into()
        }
        Op::Remove { group, ids, ignore, decrease, token } => {
            let mut r = RemoveInstances::new(group_id(group), ids_of(state, group, &ids));
            r.ignore_invalid_instance = Some(ignore);
            r.decrease_desired_capacity = Some(decrease);
            r.client_token = token.map(self::token);
            r.into()
        }
        Op::DescribeGroups { region, ids, page_size } => {
            let mut d = DescribeScalingGroups::new(self::region(region));
            d.scaling_group_ids = ids.map(|ids| {
                List::try_from(ids.into_iter().map(group_id).collect::<Vec<_>>()).unwrap()
            });
            d.page_size = Some(PageSize::try_from(page_size).unwrap());
            d.into()
        }
        Op::Modify { group, sizes: (min, max, desired), disable, name } => {
            let mut m = ModifyScalingGroup::new(group_id(group));
            let size = |s: Option<u32>| s.map(|s| GroupSize::try_from(s).unwrap());
            (m.min_size, m.max_size, m.desired_capacity) = (size(min), size(max), size(desired));
            m.disable_desired_capacity = disable.then_some(true);
            m.scaling_group_name = name.map(|n| format!("group-{n}").parse().unwrap());
            m.into()
        }
        Op::Adjust { group, kind, value, magnitude, plan, token } => {
            let (low, high) = kind.bounds();
            let value = i32::try_from(i64::from(value).clamp(low, high)).unwrap();
            let mut a = ScaleWithAdjustment::new(group_id(group), kind, value).unwrap();
            if kind == AdjustmentType::PercentChangeInCapacity {
                a.min_adjustment_magnitude =
                    magnitude.map(|m| MinAdjustmentMagnitude::try_from(m).unwrap());
            }
            a.execution_mode = plan.then_some(ExecutionMode::PlanOnly);
            a.client_token = token.map(self::token);
            a.into()
        }
        Op::DescribeActivities { region, group, status, page_size } => {
            let mut d = DescribeScalingActivities::of_group(
                self::region(region),
                group_id(group.unwrap_or(0)),
            );
            d.scaling_group_id = group.map(group_id);
            if group.is_none() {
                d.scaling_activity_ids = Some(
                    List::try_from(vec!["asa-00000000000000000001".parse().unwrap()]).unwrap(),
                );
            }
            d.status_code = status;
            d.page_size = Some(PageSize::try_from(page_size).unwrap());
            d.into()
        }
        Op::Enable { group, attach } => {
            let mut e = EnableScalingGroup::new(group_id(group));
            // Instance ids 25–39: new to the state, or another group's.
            let ids: Vec<InstanceId> = attach.into_iter().map(instance_id).collect();
            e.instance_ids = InstanceIds::try_from(ids).ok();
            e.launch_template_id = Some("lt-1".to_owned());
            e.into()
        }
        Op::Disable { group } => DisableScalingGroup::new(group_id(group)).into(),
        Op::Standby { group, ids, enter, token } => {
            let ids = ids_of(state, group, &ids);
            if enter {
                let mut e = EnterStandby::new(group_id(group), ids);
                e.client_token = token.map(self::token);
                e.into()
            } else {
                let mut e = ExitStandby::new(group_id(group), ids);
                e.client_token = token.map(self::token);
                e.into()
            }
        }
        Op::ScaleIn { .. } => return None,
    })
}

/// Each group's instances, by id.
fn membership(state: &State) -> BTreeMap<String, BTreeSet<String>> {
    state
        .groups()
        .iter()
        .map(|g| {
            let ids = g.instances.iter().map(|i| i.instance_id.to_string()).collect();
            (g.scaling_group_id.to_string(), ids)
        })
        .collect()
}

/// The `Protected` and `Standby` instances, each with its group.
fn kept(state: &State) -> BTreeSet<(String, String)> {
    state
        .groups()
        .iter()
        .flat_map(|g| {
            g.instances
                .iter()
                .filter(|i| {
                    matches!(i.lifecycle_state, InstanceState::Protected | InstanceState::Standby)
                })
                .map(|i| (g.scaling_group_id.to_string(), i.instance_id.to_string()))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn the_model_keeps_its_promises_through_the_api(
        mut state in state(),
        ops in prop::collection::vec((op(), any::<bool>()), 1..12),
    ) {
        let first = state.clone();
        let mut env = Sequential::new("2026-01-01T00:00:00Z".parse().unwrap());
        for (op, newer) in ops {
            let before = state.clone();
            let version = if newer { ApiVersion::V2022_02_22 } else { ApiVersion::V2014_08_28 };
            let result = match operation(&op, &state) {
                Some(operation) => {
                    let mut request = Request::new(operation);
                    request.version = version;
                    state.answer(&request, "R".parse().unwrap(), &mut env).map(|a| a.changed)
                }
                None => {
                    let Op::ScaleIn { group, count } = op else { unreachable!() };
                    state.scale_in(&group_id(group), count, &mut env).map(|s| s.scaling_activity_id.is_some())
                }
            };
            match result {
                Err(_) => prop_assert_eq!(&state, &before, "a refusal changes nothing: {:?}", op),
                Ok(false) => prop_assert_eq!(&state, &before, "an answer of no change changed nothing: {:?}", op),
                Ok(true) => {}
            }
            if matches!(op, Op::DescribeInstances { .. } | Op::DescribeGroups { .. } | Op::DescribeActivities { .. }) {
                prop_assert_eq!(&state, &before, "a describe changes nothing");
            }
            // No Protected or Standby instance leaves but by RemoveInstances.
            if !matches!(op, Op::Remove { .. }) {
                let now = membership(&state);
                for (group, id) in kept(&before) {
                    prop_assert!(now.get(&group).is_some_and(|ids| ids.contains(&id)), "{} left {}: {:?}", id, group, op);
                }
            }
            // A group's state changes only by Enable or Disable.
            if !matches!(op, Op::Enable { .. } | Op::Disable { .. }) {
                for (now, was) in state.groups().iter().zip(before.groups()) {
                    prop_assert_eq!(now.lifecycle_state, was.lifecycle_state, "{:?}", op);
                }
            }
            for group in state.groups() {
                // The counters add up to the total.
                let c = group.capacities();
                prop_assert_eq!(c.sum_of_states(), c.total_capacity);
                prop_assert_eq!(c.total_capacity as usize, group.instances.len());
                // MinSize ≤ DesiredCapacity ≤ MaxSize.
                let (min, max) = (group.min_size.unwrap_or(0), group.max_size.unwrap_or(u32::MAX));
                prop_assert!(min <= max, "{:?}", group);
                if let Some(desired) = group.desired_capacity {
                    prop_assert!(min <= desired && desired <= max, "{:?}", group);
                }
            }
            // The state file reads back the same.
            prop_assert_eq!(&state.to_string().parse::<State>().unwrap(), &state);
        }
        // Replaying the activities from the first state gives the membership.
        let mut replayed = membership(&first);
        for group in state.groups() {
            let ids = replayed.entry(group.scaling_group_id.to_string()).or_default();
            for activity in group.scaling_activities.iter().filter(|a| a.status_code != ActivityStatus::InProgress) {
                for gone in &activity.destroyed_instances {
                    prop_assert!(ids.remove(gone.as_str()), "{} destroyed but not there", gone);
                }
                for created in activity.created_instances.iter().chain(&activity.attached_instances) {
                    prop_assert!(ids.insert(created.to_string()), "{} created twice", created);
                }
            }
        }
        prop_assert_eq!(replayed, membership(&state));
    }
}
