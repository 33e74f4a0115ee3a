//! `ess-protection serve` under stress, on loopback, bounded in count and
//! time: a `kill -9` in the middle of a stream of writes loses nothing that
//! was acknowledged; thousands of signed requests, 32 clients at a time,
//! mixed valid and invalid, get no 5xx and lose no update, in flat memory.
#![cfg(feature = "server")]

#[path = "common/server.rs"]
mod server;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ess_protection::model::State;
use server::*;

/// A state of `groups` active groups with `per_group` in-service instances
/// each, named `asg-G` and `i-G-N`.
fn big_state(groups: usize, per_group: usize) -> String {
    let groups: Vec<serde_json::Value> = (0..groups)
        .map(|g| {
            let instances: Vec<serde_json::Value> = (0..per_group)
                .map(|n| {
                    serde_json::json!({"InstanceId": format!("i-{g}-{n}"), "LifecycleState": "InService",
                        "CreationTime": "2026-01-01T00:00:00Z"})
                })
                .collect();
            serde_json::json!({"ScalingGroupId": format!("asg-{g}"), "RegionId": "cn-hangzhou",
                "LifecycleState": "Active", "Instances": instances})
        })
        .collect();
    serde_json::json!({ "ScalingGroups": groups }).to_string()
}

/// Kills: each lands at another moment, some in the middle of a write
/// (a writer that truncates the file in place is caught in nearly every run).
const ROUNDS: u64 = 24;

#[test]
fn kill_9_in_a_stream_of_writes_loses_nothing_acknowledged() {
    let file = folder("crash").join("state.json");
    std::fs::write(&file, big_state(2, 200)).unwrap();
    // What each instance must be after the crash, for the writes acknowledged.
    let acknowledged: Arc<Mutex<HashMap<String, Option<bool>>>> = Arc::default();
    let acks = Arc::new(AtomicUsize::new(0));
    for round in 0..ROUNDS {
        let mut server = Server::start_on(&file, &["--access-key", "testid:testsecret"]);
        let port = server.port;
        let protect = round % 2 == 0;
        let removals = round % 4 == 1;
        let writers: Vec<_> = (0..4)
            .map(|w| {
                let acknowledged = Arc::clone(&acknowledged);
                let acks = Arc::clone(&acks);
                std::thread::spawn(move || {
                    let Ok(mut conn) = Conn::open(port) else { return };
                    for n in (w..150).step_by(4) {
                        let (group, id) = (n % 2, format!("i-{}-{n}", n % 2));
                        let answer = if w == 3 && removals {
                            // Removals in the stream, too (RemoveInstances).
                            let q = format!(
                                "Action=RemoveInstances&Version=2014-08-28\
                                 &ScalingGroupId=asg-{group}&InstanceId.1={id}"
                            );
                            conn.call(
                                "GET",
                                &format!("/?{}", sign_v1(&q, SECRET, &nonce(), now())),
                                b"",
                            )
                        } else {
                            let q = query(&format!("asg-{group}"), &[&id], protect);
                            conn.call(
                                "GET",
                                &format!("/?{}", sign_v1(&q, SECRET, &nonce(), now())),
                                b"",
                            )
                        };
                        let Ok(answer) = answer else {
                            // Killed in flight: the write may or may not have happened.
                            acknowledged.lock().unwrap().remove(&id);
                            return;
                        };
                        let expect = if w == 3 && removals { None } else { Some(protect) };
                        if answer.status == 200 {
                            acknowledged.lock().unwrap().insert(id, expect);
                            acks.fetch_add(1, Ordering::SeqCst);
                        } else {
                            // Removed in an earlier round (perhaps by a write in flight at a kill).
                            assert_eq!(
                                answer.code(),
                                "InvalidInstanceId.NotFound",
                                "{}",
                                answer.body
                            );
                            acknowledged.lock().unwrap().insert(id, None);
                        }
                    }
                })
            })
            .collect();
        // Kill once some writes of this round are acknowledged (however slow the machine),
        // at a different moment each round.
        let before = acks.load(Ordering::SeqCst);
        let waiting = Instant::now();
        while acks.load(Ordering::SeqCst) < before + 5
            && waiting.elapsed() < Duration::from_secs(60)
        {
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(Duration::from_millis(5 + 7 * round));
        server.child.kill().unwrap(); // SIGKILL
        server.child.wait().unwrap();
        for w in writers {
            w.join().unwrap();
        }
        // The file parses, and holds every acknowledged write.
        let text = std::fs::read_to_string(&file).unwrap();
        let state: State = text.parse().unwrap_or_else(|e| panic!("round {round}: torn file: {e}"));
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        let acknowledged = acknowledged.lock().unwrap();
        assert!(
            !acknowledged.is_empty(),
            "round {round}: nothing was acknowledged before the kill"
        );
        for (id, expect) in acknowledged.iter() {
            let found = instance_state(&json, id);
            let expected = expect.map(|p| if p { "Protected" } else { "InService" }.to_owned());
            assert_eq!(found, expected, "round {round}: {id}");
        }
        eprintln!(
            "round {round}: {} writes acknowledged so far, {} instances in the file",
            acknowledged.len(),
            state.instance_count()
        );
    }
    // And a restarted server serves that file.
    let server = Server::start_on(&file, &[]);
    assert!(server.state()["ScalingGroups"].is_array());
}

/// One client's requests: valid ones on its own instances, and invalid
/// ones of every kind, each with the answer it must get.
#[test]
fn load_32_clients_thousands_of_signed_requests_no_5xx_no_lost_update_flat_memory() {
    const CLIENTS: usize = 32;
    const PER_CLIENT: usize = 150; // 4,800 requests
    const OWN: usize = 6; // instances per client
    let server = Server::start("load", &big_state(4, CLIENTS * OWN / 4));
    let port = server.port;
    let pid = server.child.id();
    let deadline = Instant::now() + Duration::from_secs(240);
    let done = Arc::new(AtomicUsize::new(0));
    let rss = Arc::new(Mutex::new(Vec::<(usize, u64)>::new()));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|c| {
            let done = Arc::clone(&done);
            std::thread::spawn(move || {
                let mut conn = Conn::open(port).unwrap();
                // The last state this client set for each of its instances.
                let mut mine: HashMap<String, Option<bool>> = HashMap::new();
                let mut previous: Option<String> = None;
                for n in 0..PER_CLIENT {
                    assert!(Instant::now() < deadline, "the load test ran out of time");
                    let k = c * OWN + n % OWN;
                    let (group, id) = (format!("asg-{}", k % 4), format!("i-{}-{}", k % 4, k / 4));
                    let protect = n % 3 != 0;
                    let q = query(&group, &[&id], protect);
                    let (method, target, body, want): (&str, String, String, (u16, &str)) = match n
                        % 10
                    {
                        // A wrong secret.
                        3 => (
                            "GET",
                            format!("/?{}", sign_v1(&q, "wrong", &nonce(), now())),
                            String::new(),
                            (403, "SignatureDoesNotMatch"),
                        ),
                        // An instance that is not there.
                        5 => {
                            let q = query(&group, &["i-none"], true);
                            (
                                "GET",
                                format!("/?{}", sign_v1(&q, SECRET, &nonce(), now())),
                                String::new(),
                                (404, "InvalidInstanceId.NotFound"),
                            )
                        }
                        // A replay of this client's previous valid request.
                        7 if previous.is_some() => (
                            "GET",
                            previous.clone().unwrap_or_default(),
                            String::new(),
                            (400, "SignatureNonceUsed"),
                        ),
                        // Unsigned.
                        8 => ("GET", format!("/?{q}"), String::new(), (400, "IncompleteSignature")),
                        // A manual removal, once per client, at the end.
                        _ if n == PER_CLIENT - 1 => {
                            let body =
                                format!(r#"{{"ScalingGroupId":"{group}","InstanceIds":["{id}"]}}"#);
                            ("POST", "/_emulator/remove".to_owned(), body, (200, ""))
                        }
                        _ => {
                            let target = format!("/?{}", sign_v1(&q, SECRET, &nonce(), now()));
                            previous = Some(target.clone());
                            ("GET", target, String::new(), (200, ""))
                        }
                    };
                    let answer = conn.call(method, &target, body.as_bytes()).unwrap();
                    assert!(answer.status < 500, "a 5xx: {answer:?}");
                    let code = if answer.status == 200 { String::new() } else { answer.code() };
                    assert_eq!(
                        (answer.status, code.as_str()),
                        want,
                        "client {c} request {n}: {}",
                        answer.body
                    );
                    if want.0 == 200 {
                        mine.insert(id, if method == "POST" { None } else { Some(protect) });
                    }
                    done.fetch_add(1, Ordering::Relaxed);
                }
                mine
            })
        })
        .collect();
    // Memory, sampled as the load goes on.
    let sampler = {
        let (done, rss) = (Arc::clone(&done), Arc::clone(&rss));
        std::thread::spawn(move || {
            while done.load(Ordering::Relaxed) < CLIENTS * PER_CLIENT && Instant::now() < deadline {
                rss.lock().unwrap().push((done.load(Ordering::Relaxed), rss_kib(pid)));
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    let mut expected: HashMap<String, Option<bool>> = HashMap::new();
    for client in clients {
        expected.extend(client.join().unwrap());
    }
    sampler.join().unwrap();
    // No lost update: every instance is what its client last set.
    let state = server.state();
    for (id, want) in &expected {
        let want = want.map(|p| if p { "Protected" } else { "InService" }.to_owned());
        assert_eq!(instance_state(&state, id), want, "{id}");
    }
    assert_eq!(expected.len(), CLIENTS * OWN);
    // Memory flat: from the first quarter of the requests to the end it
    // grows by no more than the nonces it must remember (the only state
    // that grows: about 100 bytes each, 200 allowed) and 2 MiB of allocator slack.
    let samples = rss.lock().unwrap().clone();
    let after_warmup =
        samples.iter().find(|(n, _)| *n >= CLIENTS * PER_CLIENT / 4).map(|s| s.1).unwrap();
    let end = rss_kib(pid);
    let nonces_kib = (CLIENTS * PER_CLIENT * 200 / 1024) as u64;
    eprintln!(
        "memory: {after_warmup} KiB after a quarter, {end} KiB at the end; nonce budget {nonces_kib} KiB"
    );
    assert!(
        end <= after_warmup + nonces_kib + 2048,
        "memory grew: {after_warmup} KiB -> {end} KiB"
    );
}
