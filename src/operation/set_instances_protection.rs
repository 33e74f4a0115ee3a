//! `SetInstancesProtection`: protect 1 to 20 instances of a scaling group
//! from scale-in, or lift the protection. The reference page's operation.
//!
//! | parameter | 2014-08-28 | 2022-02-22 | |
//! |---|---|---|---|
//! | `ScalingGroupId` | ✓ | ✓ | required |
//! | instance ids | `InstanceId.N` | `InstanceIds.N` | required, 1 to 20 |
//! | `ProtectedFromScaleIn` | ✓ | ✓ | required, `true` or `false` in any case |
//! | `RegionId` | ✓ | ✓ | optional |
//!
//! The answer is a `RequestId` ([`SetInstancesProtectionResponse`]).

use crate::declare::impl_operation;
use crate::encode::Writer;
use crate::fields::{BodyError, ExtraFields, FieldSpec, Picker, Sink};
use crate::id::{InstanceIds, RegionId, RequestId, ScalingGroupId};
use crate::param::{ParamTable, params};
use crate::reader::Reader;
use crate::response::{response_body, sealed::BodyCodec};
use crate::values::ProtectedFromScaleIn;

params! {
    GROUP = single("ScalingGroupId", Text);
    IDS = list("InstanceId", "InstanceIds", Text);
    PROTECTED = single("ProtectedFromScaleIn", Boolean);
    REGION = single("RegionId", Text);
}

pub(crate) const TABLE: ParamTable =
    ParamTable { action: "SetInstancesProtection", lookup: LOOKUP };

/// The parameters of `SetInstancesProtection`, typed and validated.
///
/// ```
/// use ess_protection::{Request, SetInstancesProtection};
///
/// let request: Request<SetInstancesProtection> = "Action=SetInstancesProtection\
///     &Version=2014-08-28&ScalingGroupId=AG6CQdPU8OKdwLjgZcJ2eaQ\
///     &InstanceId.1=i-28wt48iaa&InstanceId.2=i-28wt48ibb&ProtectedFromScaleIn=True"
///     .parse()?;
/// assert_eq!(request.operation.instance_ids.len(), 2);
/// assert!(request.operation.protected_from_scale_in.get());
/// # Ok::<(), ess_protection::Rejection>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct SetInstancesProtection {
    /// `ScalingGroupId`.
    pub scaling_group_id: ScalingGroupId,
    /// `InstanceId.N` (2014-08-28) or `InstanceIds.N` (2022-02-22), in order of N.
    pub instance_ids: InstanceIds,
    /// `ProtectedFromScaleIn`.
    pub protected_from_scale_in: ProtectedFromScaleIn,
    /// `RegionId`.
    pub region_id: Option<RegionId>,
}

impl SetInstancesProtection {
    /// The operation with its three required parameters.
    pub fn new(
        scaling_group_id: ScalingGroupId,
        instance_ids: InstanceIds,
        protected_from_scale_in: ProtectedFromScaleIn,
    ) -> Self {
        SetInstancesProtection {
            scaling_group_id,
            instance_ids,
            protected_from_scale_in,
            region_id: None,
        }
    }
}

pub(crate) fn decode(r: &mut Reader<'_>) -> Option<SetInstancesProtection> {
    let scaling_group_id = r.required(&GROUP);
    let instance_ids = r.list(&IDS, true);
    let protected_from_scale_in = r.required(&PROTECTED);
    let region_id = r.optional(&REGION);
    Some(SetInstancesProtection {
        scaling_group_id: scaling_group_id?,
        instance_ids: instance_ids?,
        protected_from_scale_in: protected_from_scale_in?,
        region_id,
    })
}

fn encode<'a>(o: &'a SetInstancesProtection, w: &mut Writer<'a>) {
    w.one(GROUP, &o.scaling_group_id);
    w.list(IDS, &o.instance_ids);
    w.one(PROTECTED, &o.protected_from_scale_in);
    w.optional(REGION, &o.region_id);
}

fn scaling_group_id(o: &SetInstancesProtection) -> Option<&ScalingGroupId> {
    Some(&o.scaling_group_id)
}

fn region_id(o: &SetInstancesProtection) -> Option<&RegionId> {
    o.region_id.as_ref()
}

impl_operation!(SetInstancesProtection);

/// The success body of `SetInstancesProtection`: its `RequestId`.
///
/// ```
/// use ess_protection::SetInstancesProtectionResponse;
///
/// let xml = SetInstancesProtectionResponse::from_xml(include_bytes!("../../tests/samples/response.xml"))?;
/// let json = SetInstancesProtectionResponse::from_json(include_bytes!("../../tests/samples/response.json"))?;
/// assert_eq!(xml, json);
/// assert_eq!(json.to_json(), r#"{"RequestId":"04F0F334-1335-436C-A1D7-6C044FE73368"}"#);
/// # Ok::<(), ess_protection::BodyError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SetInstancesProtectionResponse {
    /// `RequestId`.
    pub request_id: RequestId,
    /// Fields the model does not know, kept so they survive a round trip.
    pub extra: ExtraFields,
}

impl SetInstancesProtectionResponse {
    /// A body with just a request id.
    pub fn new(request_id: RequestId) -> Self {
        SetInstancesProtectionResponse { request_id, extra: Vec::new() }
    }
}

const FIELDS: [FieldSpec; 1] = [FieldSpec::text("RequestId")];

impl BodyCodec for SetInstancesProtectionResponse {
    const FIELDS: &'static [FieldSpec] = &FIELDS;
    const JSON_MARKS: &'static [&'static str] = &[];

    fn from_picker(mut picker: Picker<'_>) -> Result<Self, BodyError> {
        let request_id = RequestId::from_body(picker.required(0)?);
        Ok(SetInstancesProtectionResponse { request_id, extra: picker.extra() })
    }

    fn write<S: Sink>(&self, out: &mut S) {
        out.text("RequestId", self.request_id.as_str());
        out.extra(&self.extra);
    }
}

response_body!(SetInstancesProtectionResponse, "SetInstancesProtectionResponse");
