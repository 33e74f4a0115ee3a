//! Properties of the reference semantics over arbitrary states and
//! arbitrary sequences of the three operations, scale-ins, manual removals
//! and stop events (10,000 generated cases).

use ess_protection::model::{
    CreationType, GroupState, HealthStatus, Instance, InstanceState, RemovalPolicy, ScalingGroup,
    Sequential, State,
};
use ess_protection::{
    ClientToken, DescribeScalingInstances, ErrorCode, InstanceId, InstanceIds, OneOrMany,
    PageNumber, PageSize, RegionId, RemoveInstances, ScalingGroupId, SetInstancesProtection,
    Timestamp,
};
use proptest::prelude::*;

fn group_id(n: usize) -> ScalingGroupId {
    format!("asg-{n}").parse().unwrap()
}

fn instance_id(n: usize) -> InstanceId {
    format!("i-{n}").parse().unwrap()
}

/// An instance: its state, day, configuration, and the fields describe
/// filters on (health, creation type, spot).
type RawInstance = (InstanceState, u32, Option<usize>, (bool, Option<CreationType>, bool));

fn instance() -> impl Strategy<Value = RawInstance> {
    (
        prop::sample::select(InstanceState::ALL.to_vec()),
        0u32..5,
        prop::option::of(0usize..3),
        (
            any::<bool>(),
            prop::option::of(prop::sample::select(CreationType::ALL.to_vec())),
            any::<bool>(),
        ),
    )
}

fn region(n: usize) -> RegionId {
    format!("r{n}").parse().unwrap()
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
        (prop::option::of(0u32..6), prop::option::of(0u32..10)),
    );
    prop::collection::vec(group, 1..4).prop_map(|groups| {
        let mut next = 0;
        let groups = groups
            .into_iter()
            .enumerate()
            .map(|(g, (state, active, policies, configs, instances, (min, desired)))| {
                let state = if active { GroupState::Active } else { state };
                let mut group = ScalingGroup::new(group_id(g), region(1 + g % 2), state);
                group.removal_policies = policies;
                // MinSize ≤ DesiredCapacity, as a state must have them.
                let desired = desired.map(|d| d.max(min.unwrap_or(0)));
                (group.min_size, group.desired_capacity) = (min, desired);
                if configs {
                    group.scaling_configuration_ids = Some(vec!["sc-1".into(), "sc-0".into()]);
                }
                for (state, day, config, (unhealthy, creation, spot)) in instances {
                    let time =
                        Timestamp::from_unix_seconds(1_704_067_200 + i64::from(day) * 86_400)
                            .unwrap();
                    let mut i = Instance::new(instance_id(next), state, time);
                    i.scaling_configuration_id = config.map(|c| format!("sc-{c}"));
                    i.health_status = unhealthy.then_some(HealthStatus::Unhealthy);
                    i.creation_type = creation;
                    i.spot_strategy = spot.then(|| "SpotAsPriceGo".to_owned());
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
    Apply {
        group: usize,
        ids: Vec<usize>,
        protect: bool,
        region: Option<usize>,
    },
    ScaleIn {
        group: usize,
        count: usize,
    },
    Remove {
        group: usize,
        ids: Vec<usize>,
    },
    Stopped {
        group: usize,
        id: usize,
    },
    Describe {
        filter: Filter,
        page_size: u32,
    },
    RemoveInstances {
        group: usize,
        ids: Vec<usize>,
        ignore: bool,
        decrease: bool,
        token: Option<u8>,
    },
}

/// The filters of a describe: a region, and any of a group, ids, states,
/// health, creation types.
#[derive(Debug, Clone)]
struct Filter {
    region: usize,
    group: Option<usize>,
    ids: Option<Vec<usize>>,
    states: Option<Vec<InstanceState>>,
    unhealthy: Option<bool>,
    creation: Option<Vec<CreationType>>,
}

fn filter() -> impl Strategy<Value = Filter> {
    (
        1usize..3,
        prop::option::of(0usize..4),
        prop::option::of(prop::collection::vec(0usize..26, 1..5)),
        prop::option::of(prop::collection::vec(
            prop::sample::select(InstanceState::ALL.to_vec()),
            1..4,
        )),
        prop::option::of(any::<bool>()),
        prop::option::of(prop::collection::vec(
            prop::sample::select(CreationType::ALL.to_vec()),
            1..3,
        )),
    )
        .prop_map(|(region, group, ids, states, unhealthy, creation)| Filter {
            region,
            group,
            ids,
            states,
            unhealthy,
            creation,
        })
}

/// Operations on groups 0–3 (3 may not exist) and instances 0–25 (most
/// exist, in some group).
fn op() -> impl Strategy<Value = Op> {
    let ids = prop::collection::vec(0usize..26, 1..5);
    prop_oneof![
        3 => (0usize..4, ids.clone(), any::<bool>(), prop::option::of(1usize..3))
            .prop_map(|(group, ids, protect, region)| Op::Apply { group, ids, protect, region }),
        2 => (0usize..4, 0usize..10).prop_map(|(group, count)| Op::ScaleIn { group, count }),
        1 => (0usize..4, ids.clone()).prop_map(|(group, ids)| Op::Remove { group, ids }),
        1 => (0usize..4, 0usize..26).prop_map(|(group, id)| Op::Stopped { group, id }),
        2 => (filter(), 1u32..=100).prop_map(|(filter, page_size)| Op::Describe { filter, page_size }),
        2 => (0usize..4, ids, any::<bool>(), any::<bool>(), prop::option::of(0u8..3))
            .prop_map(|(group, ids, ignore, decrease, token)| Op::RemoveInstances { group, ids, ignore, decrease, token }),
    ]
}

fn ids_of(ids: &[usize]) -> InstanceIds {
    InstanceIds::try_from(ids.iter().map(|&n| instance_id(n)).collect::<Vec<_>>()).unwrap()
}

fn request(
    group: usize,
    ids: &[usize],
    protect: bool,
    region: Option<usize>,
) -> SetInstancesProtection {
    let mut request = SetInstancesProtection::new(group_id(group), ids_of(ids), protect.into());
    request.region_id = region.map(self::region);
    request
}

fn describe(filter: &Filter, page_size: u32, page: u32) -> DescribeScalingInstances {
    let mut d = DescribeScalingInstances::new(region(filter.region));
    d.scaling_group_id = filter.group.map(group_id);
    d.instance_ids = filter.ids.as_deref().map(ids_of);
    d.lifecycle_state = filter.states.clone().map(|s| OneOrMany::Many(s.try_into().unwrap()));
    d.health_status =
        filter.unhealthy.map(|u| if u { HealthStatus::Unhealthy } else { HealthStatus::Healthy });
    d.creation_type = filter.creation.clone().map(|c| OneOrMany::Many(c.try_into().unwrap()));
    d.page_size = Some(PageSize::try_from(page_size).unwrap());
    d.page_number = Some(PageNumber::try_from(page).unwrap());
    d
}

/// What a describe must find, computed the obvious way: every instance of
/// the region's groups (the one named) that passes every filter.
fn expected(state: &State, f: &Filter) -> Option<Vec<InstanceId>> {
    if let Some(g) = f.group {
        let group = state.group(&group_id(g))?;
        if group.region_id != region(f.region) {
            return None;
        }
    }
    let mut found = Vec::new();
    for group in state.groups() {
        if group.region_id != region(f.region)
            || f.group.is_some_and(|g| group.scaling_group_id != group_id(g))
        {
            continue;
        }
        for i in &group.instances {
            let ok = f
                .ids
                .as_ref()
                .is_none_or(|ids| ids.iter().any(|&n| instance_id(n) == i.instance_id))
                && f.states.as_ref().is_none_or(|s| s.contains(&i.lifecycle_state))
                && f.unhealthy.is_none_or(|u| (i.health() == HealthStatus::Unhealthy) == u)
                && f.creation
                    .as_ref()
                    .is_none_or(|c| i.creation_type.is_some_and(|t| c.contains(&t)));
            if ok {
                found.push(i.instance_id.clone());
            }
        }
    }
    Some(found)
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
        let mut env = Sequential::new("2026-01-01T00:00:00Z".parse().unwrap());
        for op in ops {
            let before = state.clone();
            let count = state.instance_count();
            match op {
                Op::Apply { group, ids, protect, region } => {
                    let request = request(group, &ids, protect, region);
                    match state.set_instances_protection(&request) {
                        Err(_) => prop_assert_eq!(&state, &before, "a failed request changes nothing"),
                        Ok(applied) => {
                            // Applying it twice is the same as once.
                            let once = state.clone();
                            let again = state.set_instances_protection(&request).unwrap();
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
                    match state.scale_in(&group_id(group), n, &mut env) {
                        Err(_) => prop_assert_eq!(&state, &before),
                        Ok(scale_in) => {
                            // No scale-in removes a protected instance.
                            prop_assert_eq!(protected(&state, group), kept.clone());
                            for id in &scale_in.removed {
                                prop_assert!(!kept.contains(id));
                            }
                            prop_assert!(scale_in.removed.len() <= n);
                            prop_assert_eq!(state.instance_count(), count - scale_in.removed.len());
                            // Nor goes below MinSize.
                            let g = state.group(&group_id(group)).unwrap();
                            let had = before.group(&group_id(group)).unwrap().capacity();
                            if let Some(min) = g.min_size {
                                prop_assert!(scale_in.removed.is_empty() || g.capacity() >= min as usize);
                                prop_assert!(g.capacity() >= had.min(min as usize));
                            }
                        }
                    }
                }
                Op::Describe { filter, page_size } => {
                    // Describe never changes the state; the pages of any size
                    // partition what the filters find: each instance once,
                    // none twice, in the same order as one big page.
                    let expected = expected(&state, &filter);
                    let mut seen: Vec<InstanceId> = Vec::new();
                    for page in 1u32.. {
                        match state.describe_scaling_instances(&describe(&filter, page_size, page)) {
                            Err(e) => {
                                prop_assert_eq!(expected.as_ref(), None, "{}", e);
                                break;
                            }
                            Ok(found) => {
                                let total = expected.as_ref().map_or(0, Vec::len);
                                prop_assert_eq!(found.total_count, total as u64);
                                prop_assert!(found.instances.len() <= page_size as usize);
                                if found.instances.is_empty() {
                                    break;
                                }
                                seen.extend(found.instances.iter().map(|(_, i)| i.instance_id.clone()));
                            }
                        }
                    }
                    if let Some(expected) = expected {
                        prop_assert_eq!(seen, expected);
                    }
                    prop_assert_eq!(&state, &before);
                }
                Op::RemoveInstances { group, ids, ignore, decrease, token } => {
                    let mut r = RemoveInstances::new(group_id(group), ids_of(&ids));
                    r.ignore_invalid_instance = Some(ignore);
                    r.decrease_desired_capacity = Some(decrease);
                    r.client_token = token.map(|t| ClientToken::try_from(format!("token-{t}")).unwrap());
                    let used = r.client_token.as_ref().and_then(|t| before.client_token(t).cloned());
                    match state.remove_instances(&r, &mut env) {
                        Err(e) => {
                            prop_assert_eq!(&state, &before, "a removal is all or nothing");
                            // A token used before with another request is refused.
                            if used.is_some() {
                                prop_assert_eq!(e.code, ErrorCode::InvalidParameter);
                            }
                        }
                        Ok(removal) => {
                            // A token used before removes nothing more.
                            if let Some(used) = used {
                                prop_assert!(removal.repeated);
                                prop_assert_eq!(&removal.scaling_activity_id, &used);
                                prop_assert_eq!(&state, &before);
                            }
                            // Exactly what it says, protected or not; the
                            // group keeps MinSize.
                            prop_assert_eq!(state.instance_count(), count - removal.removed.len());
                            for id in &removal.removed {
                                prop_assert!(state.groups().iter().all(|g| g.instance(id).is_none()));
                            }
                            let g = state.group(&group_id(group)).unwrap();
                            if let (Some(min), false) = (g.min_size, removal.removed.is_empty()) {
                                prop_assert!(g.capacity() >= min as usize);
                            }
                            let was = before.group(&group_id(group)).unwrap().desired_capacity;
                            // DesiredCapacity falls by the number removed, not below MinSize.
                            let fell = if decrease { removal.removed.len() as u32 } else { 0 };
                            let floor = g.min_size.unwrap_or(0);
                            prop_assert_eq!(g.desired_capacity, was.map(|d| d.saturating_sub(fell).max(floor.min(d))));
                            // The same request again, under its token, removes nothing.
                            if r.client_token.is_some() {
                                let once = state.clone();
                                let again = state.remove_instances(&r, &mut env).unwrap();
                                prop_assert!(again.repeated && again.removed.is_empty());
                                prop_assert_eq!(&again.scaling_activity_id, &removal.scaling_activity_id);
                                prop_assert_eq!(&state, &once);
                            }
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
