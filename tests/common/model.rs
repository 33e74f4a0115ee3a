//! The model answering requests as a server does, for the model's tests.

use ess_protection::model::{Answer, Environment, Sequential, State};
use ess_protection::{AnyOperation, ApiError, ErrorCode, Request};

/// The time and ids: fixed, so that every run is the same.
pub fn env() -> Sequential {
    Sequential::new("2026-01-01T00:00:00Z".parse().unwrap())
}

/// Answers a query (2014-08-28 unless it says otherwise) as a server does.
pub fn answer(
    state: &mut State,
    env: &mut dyn Environment,
    query: &str,
) -> Result<Answer, ApiError> {
    let version = if query.contains("Version=") { "" } else { "&Version=2014-08-28" };
    let request: Request<AnyOperation> = format!("{query}{version}").parse().unwrap();
    state.answer(&request, "R1".parse().unwrap(), env)
}

/// The code and message of a refusal.
pub fn code(result: Result<Answer, ApiError>) -> (ErrorCode, String) {
    let error = result.unwrap_err();
    (error.code, error.message)
}
