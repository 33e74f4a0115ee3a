//! The short success bodies several operations share the shape of: a
//! `RequestId` alone (`ModifyScalingGroup`, `EnableScalingGroup`,
//! `DisableScalingGroup`), and an activity's id with it (`EnterStandby`,
//! `ExitStandby`). Each operation declares its own type with a macro here,
//! so that its body has its own root and its own place in `Body`.

/// Declares a success body of a `RequestId` alone: the struct, `new`, its
/// codec and `ResponseBody`. In JSON it cannot be told from another of its
/// shape: read it with `read_response::<O>`.
macro_rules! request_id_body {
    ($(#[$doc:meta])* $name:ident, $root:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct $name {
            /// `RequestId`.
            pub request_id: crate::id::RequestId,
            /// Fields the model does not know, kept so they survive a round trip.
            pub extra: crate::fields::ExtraFields,
        }

        impl $name {
            /// A body with just a request id.
            pub fn new(request_id: crate::id::RequestId) -> Self {
                $name { request_id, extra: Vec::new() }
            }
        }

        impl crate::response::sealed::BodyCodec for $name {
            const FIELDS: &'static [crate::fields::FieldSpec] =
                &[crate::fields::FieldSpec::text("RequestId")];
            const JSON_MARKS: &'static [&'static str] = &[];

            fn from_picker(
                mut picker: crate::fields::Picker<'_>,
            ) -> Result<Self, crate::fields::BodyError> {
                let request_id = crate::id::RequestId::from_body(picker.required(0)?);
                Ok($name { request_id, extra: picker.extra() })
            }

            fn write<S: crate::fields::Sink>(&self, out: &mut S) {
                out.text("RequestId", self.request_id.as_str());
                out.extra(&self.extra);
            }
        }

        crate::response::response_body!($name, $root);
    };
}

pub(crate) use request_id_body;

/// Declares a success body of an activity's id and a `RequestId`: the
/// activity may be absent (older references show the `RequestId` alone).
macro_rules! activity_body {
    ($(#[$doc:meta])* $name:ident, $root:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct $name {
            /// `ScalingActivityId`.
            pub scaling_activity_id: Option<crate::id::ScalingActivityId>,
            /// `RequestId`.
            pub request_id: crate::id::RequestId,
            /// Fields the model does not know, kept so they survive a round trip.
            pub extra: crate::fields::ExtraFields,
        }

        impl $name {
            /// A body with its activity and request ids.
            pub fn new(
                scaling_activity_id: Option<crate::id::ScalingActivityId>,
                request_id: crate::id::RequestId,
            ) -> Self {
                $name { scaling_activity_id, request_id, extra: Vec::new() }
            }
        }

        impl crate::response::sealed::BodyCodec for $name {
            const FIELDS: &'static [crate::fields::FieldSpec] = &[
                crate::fields::FieldSpec::text("ScalingActivityId"),
                crate::fields::FieldSpec::text("RequestId"),
            ];
            const JSON_MARKS: &'static [&'static str] = &[];

            fn from_picker(
                mut picker: crate::fields::Picker<'_>,
            ) -> Result<Self, crate::fields::BodyError> {
                let extra = picker.extra();
                let scaling_activity_id = match picker.take(0) {
                    Some(id) => Some(crate::id::ScalingActivityId::try_from(id.into_owned()).map_err(
                        |e| crate::fields::BodyError::nested("ScalingActivityId", e.to_string()),
                    )?),
                    None => None,
                };
                let request_id = crate::id::RequestId::from_body(picker.required(1)?);
                Ok($name { scaling_activity_id, request_id, extra })
            }

            fn write<S: crate::fields::Sink>(&self, out: &mut S) {
                if let Some(id) = &self.scaling_activity_id {
                    out.text("ScalingActivityId", id.as_str());
                }
                out.text("RequestId", self.request_id.as_str());
                out.extra(&self.extra);
            }
        }

        crate::response::response_body!($name, $root);
    };
}

pub(crate) use activity_body;
