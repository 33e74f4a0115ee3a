//! `render`: a success or error body, or a request encoded, for mocks
//! and clients.

use std::ffi::OsString;

use clap::{Subcommand, ValueEnum};
use ess_protection::{
    AnyOperation, ApiError, ErrorBody, ErrorCode, Format, RemoveInstancesResponse, Request,
    RequestId, SetInstancesProtectionResponse,
};

use crate::io::{Failure, print, read_input};

#[derive(Clone, Copy, ValueEnum)]
pub enum BodyFormat {
    Json,
    Xml,
}

impl From<BodyFormat> for Format {
    fn from(f: BodyFormat) -> Format {
        match f {
            BodyFormat::Json => Format::Json,
            BodyFormat::Xml => Format::Xml,
        }
    }
}

#[derive(Subcommand)]
pub enum Render {
    /// A success body of SetInstancesProtection, or of RemoveInstances with
    /// --scaling-activity-id.
    Success {
        /// The RequestId.
        #[arg(long)]
        request_id: String,
        /// RemoveInstances's ScalingActivityId: renders that operation's body.
        #[arg(long)]
        scaling_activity_id: Option<String>,
        #[arg(long, value_enum, default_value_t = BodyFormat::Json)]
        format: BodyFormat,
    },
    /// An error body, by code, with the catalog's message naming --arg.
    Error {
        /// The error code, e.g. InvalidInstanceId.NotFound.
        #[arg(long)]
        code: String,
        /// The RequestId.
        #[arg(long)]
        request_id: String,
        /// The HostId.
        #[arg(long, default_value = "ess.aliyuncs.com")]
        host_id: String,
        /// What the message names: a parameter (MissingParameter, InvalidParameter) or an
        /// instance id (InvalidInstanceId.NotFound).
        #[arg(long, default_value = "")]
        arg: String,
        /// The message, instead of the catalog's (required for an unknown code).
        #[arg(long)]
        message: Option<String>,
        /// A Recommend link.
        #[arg(long)]
        recommend: Option<String>,
        #[arg(long, value_enum, default_value_t = BodyFormat::Json)]
        format: BodyFormat,
    },
    /// Encode a request given as JSON (the shape `request` prints) as the canonical query string.
    Request {
        /// The JSON; `-` or nothing reads standard input.
        input: Option<OsString>,
    },
}

fn request_id(s: &str) -> Result<RequestId, Failure> {
    s.parse().map_err(|e| Failure::usage(format!("--request-id: {e}")))
}

pub fn render(what: Render) -> Result<u8, Failure> {
    let text = match what {
        Render::Success { request_id: id, scaling_activity_id: None, format } => {
            SetInstancesProtectionResponse::new(request_id(&id)?).render(format.into()).body
        }
        Render::Success { request_id: id, scaling_activity_id: Some(activity), format } => {
            let activity = activity
                .parse()
                .map_err(|e| Failure::usage(format!("--scaling-activity-id: {e}")))?;
            RemoveInstancesResponse::new(activity, request_id(&id)?).render(format.into()).body
        }
        Render::Error { code, request_id: id, host_id, arg, message, recommend, format } => {
            let code: ErrorCode =
                code.parse().map_err(|e| Failure::usage(format!("--code: {e}")))?;
            let mut error = ApiError::new(code, &arg);
            match message {
                Some(m) => error.message = m,
                None if !error.code.is_known() => {
                    return Err(Failure::usage(format!(
                        "--code {} is not in the catalog: give its --message",
                        error.code
                    )));
                }
                None => {}
            }
            let mut body = ErrorBody::new(error, request_id(&id)?, host_id);
            body.recommend = recommend;
            body.render(format.into()).body
        }
        Render::Request { input } => {
            let bytes = read_input(input)?;
            let mut value: serde_json::Value = serde_json::from_slice(&bytes)
                .map_err(|e| Failure::failed(format!("request JSON: {e}")))?;
            // The shape `request` prints may carry its warnings: not a parameter.
            if let Some(object) = value.as_object_mut() {
                object.remove("Warnings");
            }
            let request: Request<AnyOperation> = serde_json::from_value(value)
                .map_err(|e| Failure::failed(format!("request JSON: {e}")))?;
            request.to_query()
        }
    };
    print(text.trim_end())?;
    Ok(0)
}
