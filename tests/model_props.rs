//! Properties of the reference semantics over arbitrary states and
//! arbitrary sequences of requests, scale-ins, removals and stop events
//! (10,000 generated cases).

use ess_protection::model::{
    GroupState, Instance, InstanceState, RemovalPolicy, ScalingGroup, State,
};
use ess_protection::{InstanceId, InstanceIds, Request, ScalingGroupId, Timestamp};
use proptest::prelude::*;

fn group_id(n: usize) -> ScalingGroupId {
    format!("asg-{n}").parse().unwrap()
}

fn instance_id(n: usize) -> InstanceId {
    format!("i-{n}").parse().unwrap()
}

fn instance() -> impl Strategy<Value = (InstanceState, u32, Option<usize>)> {
    (prop::sample::select(InstanceState::ALL.to_vec()), 0u32..5, prop::option::of(0usize..3))
}

/// Up to 3 groups of up to 8 instances; ids unique across the state; times
/// from a few days, so that ties happen.
fn state() -> impl Strategy<Value = State> {
    let group = (
        prop::sample::select(GroupState::ALL.to_vec()),
        prop::bool::weighted(0.8),
        prop::option::of(prop::collection::vec(
            prop::sample::select(RemovalPolicy::ALL.to_vec()),
            0..4,
        )),
        any::<bool>(),
        prop::collection::vec(instance(), 0..8),
    );
    prop::collection::vec(group, 1..4).prop_map(|groups| {
        let mut next = 0;
        let groups = groups
            .into_iter()
            .enumerate()
            .map(|(g, (state, active, policies, configs, instances))| {
                let state = if active { GroupState::Active } else { state };
                let region = if g % 2 == 0 { "r1" } else { "r2" };
                let mut group = ScalingGroup::new(group_id(g), region, state);
                group.removal_policies = policies;
                if configs {
                    group.scaling_configuration_ids = Some(vec!["sc-1".into(), "sc-0".into()]);
                }
                for (state, day, config) in instances {
                    let time =
                        Timestamp::from_unix_seconds(1_704_067_200 + i64::from(day) * 86_400)
                            .unwrap();
                    let mut i = Instance::new(instance_id(next), state, time);
                    i.scaling_configuration_id = config.map(|c| format!("sc-{c}"));
                    group.instances.push(i);
                    next += 1;
                }
                group
            })
            .collect();
        State::new(groups).unwrap()
    })
}

#[derive(Debug, Clone)]
enum Op {
    Apply { group: usize, ids: Vec<usize>, protect: bool, region: Option<&'static str> },
    ScaleIn { group: usize, count: usize },
    Remove { group: usize, ids: Vec<usize> },
    Stopped { group: usize, id: usize },
}

/// Operations on groups 0–3 (3 may not exist) and instances 0–25 (most
/// exist, in some group).
fn op() -> impl Strategy<Value = Op> {
    let ids = prop::collection::vec(0usize..26, 1..5);
    prop_oneof![
        3 => (0usize..4, ids.clone(), any::<bool>(), prop::option::of(prop::sample::select(vec!["r1", "r2"])))
            .prop_map(|(group, ids, protect, region)| Op::Apply { group, ids, protect, region }),
        2 => (0usize..4, 0usize..10).prop_map(|(group, count)| Op::ScaleIn { group, count }),
        1 => (0usize..4, ids).prop_map(|(group, ids)| Op::Remove { group, ids }),
        1 => (0usize..4, 0usize..26).prop_map(|(group, id)| Op::Stopped { group, id }),
    ]
}

fn request(group: usize, ids: &[usize], protect: bool, region: Option<&str>) -> Request {
    let ids: Vec<InstanceId> = ids.iter().map(|&n| instance_id(n)).collect();
    let mut request =
        Request::new(group_id(group), InstanceIds::try_from(ids).unwrap(), protect.into());
    request.region_id = region.map(String::from);
    request
}

/// The protected instances of a group.
fn protected(state: &State, group: usize) -> Vec<InstanceId> {
    state.group(&group_id(group)).map_or(Vec::new(), |g| {
        g.instances
            .iter()
            .filter(|i| i.lifecycle_state == InstanceState::Protected)
            .map(|i| i.instance_id.clone())
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn the_model_keeps_its_promises(mut state in state(), ops in prop::collection::vec(op(), 1..10)) {
        for op in ops {
            let before = state.clone();
            let count = state.instance_count();
            match op {
                Op::Apply { group, ids, protect, region } => {
                    let request = request(group, &ids, protect, region);
                    match state.apply(&request) {
                        Err(_) => prop_assert_eq!(&state, &before, "a failed request changes nothing"),
                        Ok(applied) => {
                            // Applying it twice is the same as once.
                            let once = state.clone();
                            let again = state.apply(&request).unwrap();
                            prop_assert_eq!(&state, &once);
                            prop_assert!(again.changed.is_empty());
                            // Each instance asked for is accounted for once.
                            let mut unique: Vec<&InstanceId> = request.instance_ids.iter().collect();
                            unique.sort();
                            unique.dedup();
                            let accounted = applied.changed.len() + applied.already.len() + applied.left.len();
                            prop_assert_eq!(accounted, unique.len());
                        }
                    }
                    prop_assert_eq!(state.instance_count(), count);
                }
                Op::ScaleIn { group, count: n } => {
                    let kept = protected(&state, group);
                    match state.scale_in(&group_id(group), n) {
                        Err(_) => prop_assert_eq!(&state, &before),
                        Ok(scale_in) => {
                            // No scale-in removes a protected instance.
                            prop_assert_eq!(protected(&state, group), kept.clone());
                            for id in &scale_in.removed {
                                prop_assert!(!kept.contains(id));
                            }
                            prop_assert!(scale_in.removed.len() <= n);
                            prop_assert_eq!(state.instance_count(), count - scale_in.removed.len());
                        }
                    }
                }
                Op::Remove { group, ids } => {
                    let ids: Vec<InstanceId> = ids.iter().map(|&n| instance_id(n)).collect();
                    match state.remove(&group_id(group), &ids) {
                        Err(_) => prop_assert_eq!(&state, &before),
                        Ok(removed) => prop_assert_eq!(state.instance_count(), count - removed.len()),
                    }
                }
                Op::Stopped { group, id } => {
                    let kept = protected(&state, group);
                    match state.report_stopped(&group_id(group), &instance_id(id)) {
                        Err(_) => prop_assert_eq!(&state, &before),
                        Ok(changed) => prop_assert!(!(changed && kept.contains(&instance_id(id)))),
                    }
                    prop_assert_eq!(state.instance_count(), count);
                }
            }
            // The state survives a serde round trip unchanged.
            let json = serde_json::to_string(&state).unwrap();
            prop_assert_eq!(&serde_json::from_str::<State>(&json).unwrap(), &state);
        }
    }
}
