//! Errors as JSON: `{"error": {"code", "message", "field", "hint"}}` with a 4xx status for
//! input that cannot be used (a 5xx only when the server itself fails, never for input).

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// An error response.
#[derive(Debug)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// A stable code: `invalid_json`, `invalid_field`, `unknown_id`, `invalid_input`,
    /// `payload_too_large`, `too_many_jobs`, `not_found`, `no_store`, `timeout`, `internal`.
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// The field path (`incident.target`, `on`, `designs[1].text`), when one field is wrong.
    pub field: Option<String>,
    /// How to fix it.
    pub hint: Option<String>,
    /// More: the diagnostics of texts that do not check.
    pub details: Option<serde_json::Value>,
}

impl ApiError {
    /// An error with no field.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError { status, code, message: message.into(), field: None, hint: None, details: None }
    }

    /// A 400 on one field.
    pub fn field(code: &'static str, field: impl Into<String>, message: impl Into<String>) -> ApiError {
        ApiError { field: Some(field.into()), ..ApiError::new(StatusCode::BAD_REQUEST, code, message) }
    }

    /// With a hint.
    pub fn with_hint(mut self, hint: Option<String>) -> ApiError {
        self.hint = hint;
        self
    }

    /// A 404 for an id nobody declared.
    pub fn unknown(field: &str, what: &str, id: &str, hint: Option<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            field: Some(field.to_string()),
            hint,
            ..ApiError::new(StatusCode::NOT_FOUND, "unknown_id", format!("no {what} `{id}`"))
        }
    }
}

impl From<casus_ops::Refusal> for ApiError {
    fn from(r: casus_ops::Refusal) -> ApiError {
        ApiError { hint: r.help, ..ApiError::field("invalid_field", r.field, r.message) }
    }
}

#[derive(Serialize)]
struct Body<'a> {
    error: Inner<'a>,
}

#[derive(Serialize)]
struct Inner<'a> {
    code: &'a str,
    message: &'a str,
    field: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    diagnostics: Option<&'a serde_json::Value>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Body {
            error: Inner {
                code: self.code,
                message: &self.message,
                field: self.field.as_deref(),
                hint: self.hint.as_deref(),
                diagnostics: self.details.as_ref(),
            },
        };
        (self.status, Json(body)).into_response()
    }
}
