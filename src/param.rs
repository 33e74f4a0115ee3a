//! The names of the parameters the model knows.

/// A single-valued parameter the model knows (the instance list, whose keys
/// carry an index, is handled apart).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Param {
    Action,
    Version,
    ScalingGroupId,
    ProtectedFromScaleIn,
    OwnerId,
    ResourceOwnerAccount,
    RegionId,
    Format,
    AccessKeyId,
    Signature,
    SignatureMethod,
    SignatureVersion,
    SignatureNonce,
    Timestamp,
}

impl Param {
    /// How many there are: the slots of a parser's table, indexed by `self as usize`.
    pub(crate) const COUNT: usize = 14;

    pub(crate) fn from_name(name: &str) -> Option<Param> {
        Some(match name {
            "Action" => Param::Action,
            "Version" => Param::Version,
            "ScalingGroupId" => Param::ScalingGroupId,
            "ProtectedFromScaleIn" => Param::ProtectedFromScaleIn,
            "OwnerId" => Param::OwnerId,
            "ResourceOwnerAccount" => Param::ResourceOwnerAccount,
            "RegionId" => Param::RegionId,
            "Format" => Param::Format,
            "AccessKeyId" => Param::AccessKeyId,
            "Signature" => Param::Signature,
            "SignatureMethod" => Param::SignatureMethod,
            "SignatureVersion" => Param::SignatureVersion,
            "SignatureNonce" => Param::SignatureNonce,
            "Timestamp" => Param::Timestamp,
            _ => return None,
        })
    }

    pub(crate) const fn name(self) -> &'static str {
        match self {
            Param::Action => "Action",
            Param::Version => "Version",
            Param::ScalingGroupId => "ScalingGroupId",
            Param::ProtectedFromScaleIn => "ProtectedFromScaleIn",
            Param::OwnerId => "OwnerId",
            Param::ResourceOwnerAccount => "ResourceOwnerAccount",
            Param::RegionId => "RegionId",
            Param::Format => "Format",
            Param::AccessKeyId => "AccessKeyId",
            Param::Signature => "Signature",
            Param::SignatureMethod => "SignatureMethod",
            Param::SignatureVersion => "SignatureVersion",
            Param::SignatureNonce => "SignatureNonce",
            Param::Timestamp => "Timestamp",
        }
    }
}

const _: () = assert!(Param::Timestamp as usize + 1 == Param::COUNT);

/// The two names of the instance list, `InstanceId` (2014-08-28) and
/// `InstanceIds` (2022-02-22).
pub(crate) const LIST_NAMES: [&str; 2] = ["InstanceId", "InstanceIds"];

/// Splits a key of the instance list into the list's name (an index into
/// [`LIST_NAMES`]) and what follows it: `InstanceIds.3` gives `(1, Some("3"))`,
/// a bare `InstanceId` gives `(0, None)`. Any other key gives `None`.
pub(crate) fn split_list_key(key: &str) -> Option<(usize, Option<&str>)> {
    // Longest name first: `InstanceIds.1` also starts with `InstanceId`.
    for list in [1, 0] {
        let name = LIST_NAMES[list];
        if let Some(rest) = key.strip_prefix(name) {
            if rest.is_empty() {
                return Some((list, None));
            }
            if let Some(index) = rest.strip_prefix('.') {
                return Some((list, Some(index)));
            }
        }
    }
    None
}

/// Whether a name belongs to the model (so it cannot be an extra parameter).
pub(crate) fn is_reserved(name: &str) -> bool {
    Param::from_name(name).is_some() || split_list_key(name).is_some()
}

/// Every instance-list key, `LIST_KEYS[list][n - 1]`: `InstanceId.1` …
/// `InstanceIds.20`, written without an allocation.
pub(crate) const LIST_KEYS: [[&str; 20]; 2] = [
    [
        "InstanceId.1",
        "InstanceId.2",
        "InstanceId.3",
        "InstanceId.4",
        "InstanceId.5",
        "InstanceId.6",
        "InstanceId.7",
        "InstanceId.8",
        "InstanceId.9",
        "InstanceId.10",
        "InstanceId.11",
        "InstanceId.12",
        "InstanceId.13",
        "InstanceId.14",
        "InstanceId.15",
        "InstanceId.16",
        "InstanceId.17",
        "InstanceId.18",
        "InstanceId.19",
        "InstanceId.20",
    ],
    [
        "InstanceIds.1",
        "InstanceIds.2",
        "InstanceIds.3",
        "InstanceIds.4",
        "InstanceIds.5",
        "InstanceIds.6",
        "InstanceIds.7",
        "InstanceIds.8",
        "InstanceIds.9",
        "InstanceIds.10",
        "InstanceIds.11",
        "InstanceIds.12",
        "InstanceIds.13",
        "InstanceIds.14",
        "InstanceIds.15",
        "InstanceIds.16",
        "InstanceIds.17",
        "InstanceIds.18",
        "InstanceIds.19",
        "InstanceIds.20",
    ],
];
