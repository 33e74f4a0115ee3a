//! Heap allocations per parse, counted (not timed) by a counting global
//! allocator, and the proof that allocation stays linear in the input.
//! A regression in either fails CI.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use ess_protection::{
    AnyOperation, DescribeScalingInstances, DescribeScalingInstancesResponse, ErrorBody, Parser,
    RemoveInstances, SetInstancesProtection, SetInstancesProtectionResponse as Response,
};

#[path = "../benches/inputs.rs"]
mod inputs;

/// Counts this thread's allocations (and bytes), so that the test
/// harness's other threads do not disturb the figures.
struct Counting;

thread_local! {
    static COUNTS: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
}

fn count(bytes: usize) {
    let _ = COUNTS.try_with(|c| {
        let (n, b) = c.get();
        c.set((n + 1, b + bytes));
    });
}

// SAFETY: every call is forwarded to the system allocator unchanged; the
// counter is a const-initialized thread-local `Cell` without destructor.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        // SAFETY: forwarded as received.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded as received.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        // SAFETY: forwarded as received.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Allocations and bytes allocated while `f` runs.
fn measure<T>(f: impl FnOnce() -> T) -> (usize, usize) {
    let before = COUNTS.with(Cell::get);
    let result = f();
    let after = COUNTS.with(Cell::get);
    drop(result);
    (after.0 - before.0, after.1 - before.1)
}

const BOUND_DESCRIBE: usize = 9;
const BOUND_REMOVE: usize = 31;
const BOUND_DESCRIBE_JSON: usize = 32;

/// A named workload.
type Case<'a> = (&'a str, usize, Box<dyn Fn() -> bool + 'a>);
/// A parser over an adversarial input.
type Kind = (&'static str, fn(&[u8]));

#[test]
fn allocations_per_parse_have_an_upper_bound() {
    let request = inputs::signed_request();
    let (describe, remove) = (inputs::signed_describe(), inputs::signed_remove());
    let cases: [Case<'_>; 9] = [
        // The bounds are the counts measured when they were set: a rise
        // fails. One of each request's is the list of its pairs, which lets
        // any operation be read (its `Action` may come last).
        (
            "signed 20-instance request",
            30,
            Box::new(|| Parser::strict().parse_query::<SetInstancesProtection>(&request).is_ok()),
        ),
        (
            "the same, as any operation",
            30,
            Box::new(|| Parser::strict().parse_query::<AnyOperation>(&request).is_ok()),
        ),
        (
            "signed DescribeScalingInstances",
            BOUND_DESCRIBE,
            Box::new(|| {
                Parser::strict().parse_query::<DescribeScalingInstances>(&describe).is_ok()
            }),
        ),
        (
            "signed 20-instance RemoveInstances",
            BOUND_REMOVE,
            Box::new(|| Parser::strict().parse_query::<RemoveInstances>(&remove).is_ok()),
        ),
        (
            "DescribeScalingInstances JSON",
            BOUND_DESCRIBE_JSON,
            Box::new(|| {
                DescribeScalingInstancesResponse::from_json(inputs::DESCRIBE_JSON.as_bytes())
                    .is_ok()
            }),
        ),
        ("success XML", 4, Box::new(|| Response::from_xml(inputs::SUCCESS_XML.as_bytes()).is_ok())),
        ("error XML", 6, Box::new(|| ErrorBody::from_xml(inputs::ERROR_XML.as_bytes()).is_ok())),
        (
            "success JSON",
            2,
            Box::new(|| Response::from_json(inputs::SUCCESS_JSON.as_bytes()).is_ok()),
        ),
        ("error JSON", 3, Box::new(|| ErrorBody::from_json(inputs::ERROR_JSON.as_bytes()).is_ok())),
    ];
    let mut report = String::new();
    for (name, bound, parse) in &cases {
        let mut ok = false;
        let (allocations, bytes) = measure(|| ok = parse());
        assert!(ok, "{name} parses");
        report.push_str(&format!(
            "{name}: {allocations} allocations, {bytes} bytes (bound {bound})\n"
        ));
        assert!(
            allocations <= *bound,
            "{name}: {allocations} allocations, more than {bound}\n{report}"
        );
    }
    println!("{report}");
}

#[test]
fn allocation_stays_linear_in_the_input() {
    let kinds: [Kind; 6] = [
        ("repeated-keys", |b| drop(Parser::strict().parse_query::<AnyOperation>(b))),
        ("unknown-params", |b| drop(Parser::strict().parse_query::<AnyOperation>(b))),
        ("long-value", |b| drop(Parser::lenient().parse_query::<AnyOperation>(b))),
        ("deep-xml", |b| drop(Response::from_xml(b))),
        ("wide-xml", |b| drop(Response::from_xml(b))),
        ("long-json-string", |b| drop(Response::from_json(b))),
    ];
    for (kind, parse) in kinds {
        let per_byte: Vec<(f64, f64)> = [1 << 10, 64 << 10, 1 << 20]
            .iter()
            .map(|&size| {
                let input = inputs::adversarial(kind, size);
                let (allocations, bytes) = measure(|| parse(&input));
                (allocations as f64 / input.len() as f64, bytes as f64 / input.len() as f64)
            })
            .collect();
        // Per byte of input, the largest input may not cost more than the
        // smaller ones by more than a constant factor (fixed costs make the
        // small ones dearer per byte, never cheaper).
        let (small, large) = (per_byte[1], per_byte[2]);
        for (what, s, l) in [("allocations", small.0, large.0), ("bytes", small.1, large.1)] {
            assert!(l <= 2.0 * s + 1e-9, "{kind}: {what} per byte grows: {per_byte:?}");
        }
        let (tiny, _) = (per_byte[0], ());
        assert!(large.1 <= 2.0 * tiny.1 + 1e-9, "{kind}: bytes per byte grows: {per_byte:?}");
    }
}
