//! A JSON body read with the place of every error: the field path of a value of the wrong
//! type (`incident.severity`), the line and column of malformed JSON, 413 past the limit.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// A JSON request body of type `T`.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        if let Some(ct) = req.headers().get(header::CONTENT_TYPE) {
            let ct = ct.to_str().unwrap_or("");
            if !ct.starts_with("application/json") {
                return Err(ApiError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    format!("the body is `{ct}`; send JSON with `Content-Type: application/json`"),
                ));
            }
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            let status = e.status();
            if status == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    status,
                    "payload_too_large",
                    "the body is larger than the server accepts (`--body-limit`)",
                )
            } else {
                ApiError::new(StatusCode::BAD_REQUEST, "invalid_body", format!("the body could not be read: {e}"))
            }
        })?;
        parse(&bytes).map(JsonBody)
    }
}

/// Parses `bytes` as `T`, with the field path of the first wrong value.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if inner.is_syntax() || inner.is_eof() {
            ApiError::new(StatusCode::BAD_REQUEST, "invalid_json", format!("the body is not JSON: {inner}"))
        } else {
            let field = if path == "." { None } else { Some(path) };
            ApiError { field, ..ApiError::new(StatusCode::BAD_REQUEST, "invalid_field", inner.to_string()) }
        }
    })?;
    Ok(value)
}
