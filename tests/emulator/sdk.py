"""The official Python SDKs against a running emulator (key testid:testsecret, and the keys
with RAM policies of tests/emulator/keys.json).

Run with the venv's Python: sdk.py PORT STATE_FILE
Clients: aliyun-python-sdk-ess (2014-08-28, signature 1.0), alibabacloud-ess20220222 in its
default mode (V3) and with signature_algorithm='v2' (1.0). For each, the three operations of
scale-in protection through the SDK's own request classes and models: protect, read back with
DescribeScalingInstances, a scale-in that spares the protected instances, RemoveInstances of a
protected one, a client token; every error the emulator can answer as the client's exception
shows it (code, HTTP status, request id, message), a wrong secret, an unknown key and a replay;
the Terraform provider's flow on 50 instances; the four operations of capacity
(DescribeScalingGroups, ModifyScalingGroup, ScaleWithAdjustment, DescribeScalingActivities) with
their errors and two flows (protect then shrink; an autoscaler); and keys with RAM policies,
allowed and refused. Prints one line per check; exits 1 on the first failure.
"""
import json
import re
import sys
import urllib.request
import uuid

PORT = int(sys.argv[1])
with open(sys.argv[2]) as f:
    STATE = f.read()
BASE = "http://127.0.0.1:%d" % PORT
UUID = re.compile(r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$")
ACTIVITY = re.compile(r"^asa-[0-9a-z]{20}$")
SECRET = "testsecret"


def emulator(method, path, body=None):
    data = None if body is None else (body if isinstance(body, str) else json.dumps(body)).encode()
    request = urllib.request.Request(BASE + path, data=data, method=method)
    with urllib.request.urlopen(request) as answer:
        return json.loads(answer.read())


def instance_state(instance_id):
    for group in emulator("GET", "/_emulator/state")["ScalingGroups"]:
        for instance in group["Instances"]:
            if instance["InstanceId"] == instance_id:
                return instance["LifecycleState"]
    return None


# Each client is a dict of functions, each raising the SDK's own exception:
#   protect(group, ids, protect, key_id=..., secret=...) -> request id
#   describe(group, region=..., state=..., page_size=..., page_number=..., ids=...)
#       -> (TotalCount, PageNumber, PageSize, [(InstanceId, LifecycleState, CreationTime)])
#   remove(group, ids, token=..., ignore=..., decrease=...) -> ScalingActivityId
#   error(exception) -> (code, status, request id, message)


def ess2014_client():
    from aliyunsdkcore.client import AcsClient
    from aliyunsdkess.request.v20140828.DescribeScalingInstancesRequest import (
        DescribeScalingInstancesRequest,
    )
    from aliyunsdkess.request.v20140828.RemoveInstancesRequest import RemoveInstancesRequest
    from aliyunsdkess.request.v20140828.SetInstancesProtectionRequest import (
        SetInstancesProtectionRequest,
    )

    def send(request, key_id="testid", secret=SECRET, region="cn-hangzhou"):
        request.set_endpoint("127.0.0.1:%d" % PORT)
        request.set_protocol_type("http")
        return json.loads(AcsClient(key_id, secret, region).do_action_with_exception(request))

    def protect(group, ids, protect, key_id="testid", secret=SECRET):
        request = SetInstancesProtectionRequest()
        request.set_ScalingGroupId(group)
        request.set_InstanceIds(ids)
        request.set_ProtectedFromScaleIn(protect)
        return send(request, key_id, secret)["RequestId"]

    def describe(group, region="cn-hangzhou", state=None, page_size=None, page_number=None, ids=None,
                 key_id="testid", secret=SECRET):
        request = DescribeScalingInstancesRequest()
        if group:
            request.set_ScalingGroupId(group)
        if state:
            request.set_LifecycleState(state)
        if page_size:
            request.set_PageSize(page_size)
        if page_number:
            request.set_PageNumber(page_number)
        if ids:
            request.set_InstanceIds(ids)
        body = send(request, key_id, secret, region=region)
        items = body["ScalingInstances"]["ScalingInstance"]
        found = [(i["InstanceId"], i["LifecycleState"], i["CreationTime"]) for i in items]
        return body["TotalCount"], body["PageNumber"], body["PageSize"], found

    def remove(group, ids, token=None, ignore=None, decrease=None, key_id="testid", secret=SECRET):
        request = RemoveInstancesRequest()
        request.set_ScalingGroupId(group)
        request.set_InstanceIds(ids)
        if token:
            request.set_ClientToken(token)
        if ignore is not None:
            request.set_IgnoreInvalidInstance(ignore)
        if decrease is not None:
            request.set_DecreaseDesiredCapacity(decrease)
        request.set_LifecycleHookContext({"DisableLifecycleHook": True})
        return send(request, key_id, secret)["ScalingActivityId"]

    def describe_groups(ids=None, name=None, region="cn-hangzhou", key_id="testid", secret=SECRET):
        from aliyunsdkess.request.v20140828.DescribeScalingGroupsRequest import (
            DescribeScalingGroupsRequest,
        )

        request = DescribeScalingGroupsRequest()
        if ids:
            request.set_ScalingGroupIds(ids)
        if name:
            request.set_ScalingGroupName(name)
        body = send(request, key_id, secret, region=region)
        # 2014 wraps every list: ScalingGroups.ScalingGroup, RemovalPolicies.RemovalPolicy.
        return [group_of(g, g["RemovalPolicies"]["RemovalPolicy"])
                for g in body["ScalingGroups"]["ScalingGroup"]]

    def modify(group, min_size=None, max_size=None, desired=None, policies=None, name=None,
               key_id="testid", secret=SECRET):
        from aliyunsdkess.request.v20140828.ModifyScalingGroupRequest import (
            ModifyScalingGroupRequest,
        )

        request = ModifyScalingGroupRequest()
        request.set_ScalingGroupId(group)
        for value, setter in [(min_size, request.set_MinSize), (max_size, request.set_MaxSize),
                              (desired, request.set_DesiredCapacity), (name, request.set_ScalingGroupName)]:
            if value is not None:
                setter(value)
        for n, policy in enumerate(policies or []):
            getattr(request, "set_RemovalPolicy%d" % (n + 1))(policy)
        return send(request, key_id, secret)["RequestId"]

    def scale(group, kind, value, magnitude=None, token=None, key_id="testid", secret=SECRET):
        from aliyunsdkess.request.v20140828.ScaleWithAdjustmentRequest import (
            ScaleWithAdjustmentRequest,
        )

        request = ScaleWithAdjustmentRequest()
        request.set_ScalingGroupId(group)
        request.set_AdjustmentType(kind)
        request.set_AdjustmentValue(value)
        if magnitude is not None:
            request.set_MinAdjustmentMagnitude(magnitude)
        if token:
            request.set_ClientToken(token)
        request.set_LifecycleHookContext({"DisableLifecycleHook": True})
        return send(request, key_id, secret)["ScalingActivityId"]

    def activities(group=None, ids=None, status=None, key_id="testid", secret=SECRET):
        from aliyunsdkess.request.v20140828.DescribeScalingActivitiesRequest import (
            DescribeScalingActivitiesRequest,
        )

        request = DescribeScalingActivitiesRequest()
        if group:
            request.set_ScalingGroupId(group)
        if ids:
            request.set_ScalingActivityIds(ids)
        if status:
            request.set_StatusCode(status)
        body = send(request, key_id, secret)
        return [activity_of(a, lambda name: a.get(name, {}).get(name[:-1], []))
                for a in body["ScalingActivities"]["ScalingActivity"]]

    def enable(group, ids=None, weights=None, template=None, key_id="testid", secret=SECRET):
        from aliyunsdkess.request.v20140828.EnableScalingGroupRequest import (
            EnableScalingGroupRequest,
        )

        request = EnableScalingGroupRequest()
        request.set_ScalingGroupId(group)
        if ids:
            request.set_InstanceIds(ids)
        if weights:
            request.set_LoadBalancerWeights(weights)
        if template:
            request.set_LaunchTemplateId(template)
        return send(request, key_id, secret)["RequestId"]

    def disable(group, key_id="testid", secret=SECRET):
        from aliyunsdkess.request.v20140828.DisableScalingGroupRequest import (
            DisableScalingGroupRequest,
        )

        request = DisableScalingGroupRequest()
        request.set_ScalingGroupId(group)
        return send(request, key_id, secret)["RequestId"]

    def standby(group, ids, enter=True, token=None, key_id="testid", secret=SECRET):
        from aliyunsdkess.request.v20140828.EnterStandbyRequest import EnterStandbyRequest
        from aliyunsdkess.request.v20140828.ExitStandbyRequest import ExitStandbyRequest

        request = EnterStandbyRequest() if enter else ExitStandbyRequest()
        request.set_ScalingGroupId(group)
        request.set_InstanceIds(ids)
        if token:
            request.set_ClientToken(token)
        return send(request, key_id, secret).get("ScalingActivityId")

    def error(e):
        from aliyunsdkcore.acs_exception.exceptions import ServerException

        assert isinstance(e, ServerException), repr(e)
        return e.get_error_code(), e.get_http_status(), e.get_request_id(), e.get_error_msg()

    return dict(protect=protect, describe=describe, remove=remove, error=error,
                describe_groups=describe_groups, modify=modify, scale=scale, activities=activities,
                enable=enable, disable=disable, standby=standby,
                list="InstanceId", max_page=50, version="2014-08-28")


def group_of(g, policies):
    """A group of either SDK's body, by its API names (2014: a dict; 2022: its model's map)."""
    return dict(id=g["ScalingGroupId"], total=g["TotalCapacity"], active=g["ActiveCapacity"],
                pending=g["PendingCapacity"], protected=g["ProtectedCapacity"],
                standby=g["StandbyCapacity"], desired=g.get("DesiredCapacity"),
                min=g["MinSize"], max=g.get("MaxSize"), policies=policies)


def activity_of(a, instances):
    """An activity of either SDK's body; `instances(name)` reads a list member."""
    return dict(id=a["ScalingActivityId"], status=a["StatusCode"], total=int(a["TotalCapacity"]),
                number=int(a["ScalingInstanceNumber"]), description=a["Description"],
                destroyed=instances("DestroyedInstances"), created=instances("CreatedInstances"))


def ess2022_client(algorithm):
    from alibabacloud_ess20220222 import models
    from alibabacloud_ess20220222.client import Client
    from alibabacloud_tea_openapi import models as open_api_models

    def client(key_id="testid", secret=SECRET):
        config = open_api_models.Config(
            access_key_id=key_id,
            access_key_secret=secret,
            endpoint="127.0.0.1:%d" % PORT,
            protocol="http",
            region_id="cn-hangzhou",
        )
        if algorithm:
            config.signature_algorithm = algorithm
        return Client(config)

    def protect(group, ids, protect, key_id="testid", secret=SECRET):
        request = models.SetInstancesProtectionRequest(
            scaling_group_id=group, instance_ids=ids, protected_from_scale_in=protect
        )
        answer = client(key_id, secret).set_instances_protection(request)
        assert answer.status_code == 200, answer.status_code
        return answer.body.request_id

    def describe(group, region="cn-hangzhou", state=None, page_size=None, page_number=None, ids=None,
                 key_id="testid", secret=SECRET):
        request = models.DescribeScalingInstancesRequest(
            region_id=region, scaling_group_id=group, lifecycle_state=state,
            page_size=page_size, page_number=page_number, instance_ids=ids,
        )
        answer = client(key_id, secret).describe_scaling_instances(request)
        assert answer.status_code == 200, answer.status_code
        # The SDK's own model: `scaling_instances` is a list of its objects.
        body = answer.body
        found = [(i.instance_id, i.lifecycle_state, i.creation_time) for i in body.scaling_instances]
        return body.total_count, body.page_number, body.page_size, found

    def remove(group, ids, token=None, ignore=None, decrease=None, key_id="testid", secret=SECRET):
        context = models.RemoveInstancesRequestLifecycleHookContext(disable_lifecycle_hook=True)
        request = models.RemoveInstancesRequest(
            region_id="cn-hangzhou", scaling_group_id=group, instance_ids=ids, client_token=token,
            ignore_invalid_instance=ignore, decrease_desired_capacity=decrease,
            lifecycle_hook_context=context,
        )
        answer = client(key_id, secret).remove_instances(request)
        assert answer.status_code == 200, answer.status_code
        return answer.body.scaling_activity_id

    def describe_groups(ids=None, name=None, region="cn-hangzhou", key_id="testid", secret=SECRET):
        request = models.DescribeScalingGroupsRequest(
            region_id=region, scaling_group_ids=ids, scaling_group_name=name)
        answer = client(key_id, secret).describe_scaling_groups(request)
        assert answer.status_code == 200, answer.status_code
        # The SDK's own models, read back as maps under the API's names.
        return [group_of(g.to_map(), g.removal_policies) for g in answer.body.scaling_groups]

    def modify(group, min_size=None, max_size=None, desired=None, policies=None, name=None,
               key_id="testid", secret=SECRET):
        request = models.ModifyScalingGroupRequest(
            scaling_group_id=group, min_size=min_size, max_size=max_size,
            desired_capacity=desired, removal_policies=policies, scaling_group_name=name)
        answer = client(key_id, secret).modify_scaling_group(request)
        assert answer.status_code == 200, answer.status_code
        return answer.body.request_id

    def scale(group, kind, value, magnitude=None, token=None, key_id="testid", secret=SECRET):
        context = models.ScaleWithAdjustmentRequestLifecycleHookContext(disable_lifecycle_hook=True)
        request = models.ScaleWithAdjustmentRequest(
            scaling_group_id=group, adjustment_type=kind, adjustment_value=value,
            min_adjustment_magnitude=magnitude, client_token=token, lifecycle_hook_context=context)
        answer = client(key_id, secret).scale_with_adjustment(request)
        assert answer.status_code == 200, answer.status_code
        return answer.body.scaling_activity_id

    def activities(group=None, ids=None, status=None, key_id="testid", secret=SECRET):
        request = models.DescribeScalingActivitiesRequest(
            region_id="cn-hangzhou", scaling_group_id=group, scaling_activity_ids=ids,
            status_code=status)
        answer = client(key_id, secret).describe_scaling_activities(request)
        assert answer.status_code == 200, answer.status_code
        return [activity_of(a.to_map(), lambda name: a.to_map().get(name, []))
                for a in answer.body.scaling_activities]

    def enable(group, ids=None, weights=None, template=None, key_id="testid", secret=SECRET):
        request = models.EnableScalingGroupRequest(
            region_id="cn-hangzhou", scaling_group_id=group, instance_ids=ids,
            load_balancer_weights=weights, launch_template_id=template)
        answer = client(key_id, secret).enable_scaling_group(request)
        assert answer.status_code == 200, answer.status_code
        return answer.body.request_id

    def disable(group, key_id="testid", secret=SECRET):
        request = models.DisableScalingGroupRequest(scaling_group_id=group)
        answer = client(key_id, secret).disable_scaling_group(request)
        assert answer.status_code == 200, answer.status_code
        return answer.body.request_id

    def standby(group, ids, enter=True, token=None, key_id="testid", secret=SECRET):
        if enter:
            request = models.EnterStandbyRequest(scaling_group_id=group, instance_ids=ids,
                                                 client_token=token)
            answer = client(key_id, secret).enter_standby(request)
        else:
            request = models.ExitStandbyRequest(scaling_group_id=group, instance_ids=ids,
                                                client_token=token)
            answer = client(key_id, secret).exit_standby(request)
        assert answer.status_code == 200, answer.status_code
        return answer.body.scaling_activity_id

    def error(e):
        code = getattr(e, "code", None)
        assert code, repr(e)
        data = getattr(e, "data", None) or {}
        return code, e.statusCode, data.get("RequestId"), data.get("Message")

    return dict(protect=protect, describe=describe, remove=remove, error=error,
                describe_groups=describe_groups, modify=modify, scale=scale, activities=activities,
                enable=enable, disable=disable, standby=standby,
                list="InstanceIds", max_page=100, version="2022-02-22")


def fixed_nonce(client_name):
    """Makes the client send the same nonce every time (a replay), and returns the undo."""
    nonce = "replayed-%s-%s" % (client_name, uuid.uuid4().hex)
    if client_name == "ess2014":
        from aliyunsdkcore.utils import parameter_helper as module

        name = "get_uuid"
        original = module.get_uuid
        module.get_uuid = lambda: nonce
    else:
        from alibabacloud_tea_openapi.utils import Utils as module

        name = "get_nonce"
        original = module.get_nonce
        module.get_nonce = staticmethod(lambda: nonce)
    return lambda: setattr(module, name, original)


CLIENTS = [
    ("ess2014", ess2014_client),
    ("ess2022-v3", lambda: ess2022_client(None)),
    ("ess2022-v2", lambda: ess2022_client("v2")),
]


def expect_error(name, error_of, call, args, code, status, message, **kwargs):
    try:
        call(*args, **kwargs)
    except Exception as e:  # the SDK's own exception type
        got = error_of(e)
        assert got[0] == code, (name, got, code)
        assert got[1] == status, (name, got, status)
        assert got[2] and UUID.match(got[2]), (name, got)
        if code == "SignatureDoesNotMatch":
            # The emulator adds what it signed, as the service does.
            assert got[3].startswith(message + " Server StringToSign: "), (name, got)
        else:
            assert got[3] == message, (name, got, message)
        print("ok %s %s: %s %s, request id %s" % (name, code, got[1], got[0], got[2]))
        return
    raise AssertionError("%s: no exception for %s" % (name, code))


def state_with(**group):
    """The sample state, its first group changed."""
    state = json.loads(STATE)
    state["ScalingGroups"][0].update(group)
    return state


def run(name, c):
    protect, describe, remove, error_of, list_name = (
        c["protect"], c["describe"], c["remove"], c["error"], c["list"])
    emulator("PUT", "/_emulator/state", STATE)
    request_id = protect("asg-demo", ["i-web-1", "i-web-2"], True)
    assert UUID.match(request_id), request_id
    assert instance_state("i-web-1") == "Protected", instance_state("i-web-1")
    print("ok %s success: request id %s" % (name, request_id))

    # Read back as Terraform does: LifecycleState=Protected.
    found = describe("asg-demo", state="Protected")
    assert found == (2, 1, 10, [("i-web-1", "Protected", "2026-01-01T00:00Z"),
                                ("i-web-2", "Protected", "2026-01-02T00:00Z")]), found
    print("ok %s describe reads the protection back: %s" % (name, [f[0] for f in found[3]]))

    removed = emulator("POST", "/_emulator/scale-in", {"ScalingGroupId": "asg-demo", "Count": 10})
    assert removed["Removed"] == ["i-web-3", "i-web-4"], removed
    assert ACTIVITY.match(removed["ScalingActivityId"]), removed
    assert instance_state("i-web-1") == "Protected"
    print("ok %s scale-in spares the protected instances: removed %s" % (name, removed["Removed"]))

    protect("asg-demo", ["i-web-2"], False)
    assert instance_state("i-web-2") == "InService"
    activity = remove("asg-demo", ["i-web-1"])
    assert ACTIVITY.match(activity), activity
    assert instance_state("i-web-1") is None
    print("ok %s lift the protection; RemoveInstances removes a protected instance: %s"
          % (name, activity))
    removed = emulator("POST", "/_emulator/remove", {"ScalingGroupId": "asg-demo", "InstanceIds": ["i-web-5"]})
    assert removed == {"Removed": ["i-web-5"]} and instance_state("i-web-5") is None
    print("ok %s the harness's removal" % name)

    # A client token: the same request answers the same activity.
    again = remove("asg-demo", ["i-nope"], token="t-" + name, ignore=True)
    assert remove("asg-demo", ["i-nope"], token="t-" + name, ignore=True) == again
    print("ok %s ClientToken: the same activity %s" % (name, again))

    def e(call, args, code, status, message, **kw):
        expect_error(name, error_of, call, args, code, status, message, **kw)

    e(protect, ("asg-none", ["i-web-2"], True), "InvalidScalingGroupId.NotFound", 404,
      "The specified scaling group does not exist.")
    e(protect, ("asg-demo", ["i-web-2", "i-nope"], True), "InvalidInstanceId.NotFound", 404,
      "Instance \u201ci-nope\u201d does not exist.")
    e(protect, ("asg-disabled", ["i-off-1"], True), "IncorrectScalingGroupStatus", 400,
      "The current status of the specified scaling group does not support this action.")
    e(protect, ("asg-demo", ["i-%d" % n for n in range(1, 22)], True), "InvalidParameter", 400,
      'The specified value of parameter "%s.21" is not valid.' % list_name)
    e(protect, ("asg-demo", [], True), "MissingParameter", 400,
      'The input parameter "%s.N" that is mandatory for processing this request is not supplied.'
      % list_name)
    e(protect, ("asg-demo", ["i-web-2"], True), "SignatureDoesNotMatch", 403,
      "The signature we calculated does not match the one you provided.", secret="wrong")
    e(protect, ("asg-demo", ["i-web-2"], True), "InvalidAccessKeyId.NotFound", 400,
      "The Access Key ID provided does not exist in our records.", key_id="nobody")
    e(describe, ("asg-none",), "InvalidScalingGroupId.NotFound", 404,
      "The specified scaling group does not exist.")
    e(describe, ("asg-demo",), "InvalidParameter", 400,
      'The specified value of parameter "PageSize" is not valid.', page_size=c["max_page"] + 1)
    e(describe, ("asg-demo",), "InvalidScalingGroupId.NotFound", 404,
      "The specified scaling group does not exist.", region="cn-beijing")
    if c["version"] == "2022-02-22":
        # The 2022 SDK sends RegionId only when the request has one.
        e(describe, ("asg-demo",), "MissingParameter", 400,
          'The input parameter "RegionId" that is mandatory for processing this request is '
          "not supplied.", region=None)
    e(remove, ("asg-demo", ["i-nope"]), "InvalidInstanceId.NotFound", 404,
      "Instance \u201ci-nope\u201d does not exist.")
    e(remove, ("asg-disabled", ["i-off-1"]), "IncorrectScalingGroupStatus", 400,
      "The current status of the specified scaling group does not support this action.")
    e(remove, ("asg-demo", ["i-web-2"]), "InvalidParameter", 400,
      'The specified value of parameter "ClientToken" is not valid.', token="t-" + name)
    emulator("PUT", "/_emulator/state", state_with(MinSize=5))
    e(remove, ("asg-demo", ["i-web-2"]), "IncorrectCapacity.MinSize", 400,
      "To remove the instances, the total capacity will be lesser than the MinSize.")
    assert instance_state("i-web-2") == "InService"
    undo = fixed_nonce(name)
    try:
        protect("asg-demo", ["i-web-2"], True)
        e(protect, ("asg-demo", ["i-web-2"], True), "SignatureNonceUsed", 400,
          "Specified signature nonce was used already.")
    finally:
        undo()
    assert instance_state("i-web-2") == "Protected"


def group_states(group):
    for g in emulator("GET", "/_emulator/state")["ScalingGroups"]:
        if g["ScalingGroupId"] == group:
            return {i["InstanceId"]: i["LifecycleState"] for i in g["Instances"]}, g.get("DesiredCapacity")
    raise AssertionError("no group %s" % group)


def terraform_flow(name, c):
    """What the Terraform provider does with `protected_instances`: protect 45
    instances in batches of 20, read them back with LifecycleState=Protected page
    by page (the default page and the largest), unprotect some, then remove the
    protected rest with RemoveInstances; the state checked after each step."""
    protect, describe, remove = c["protect"], c["describe"], c["remove"]
    ids = ["i-tf-%02d" % n for n in range(1, 51)]
    state = {"ScalingGroups": [{
        "ScalingGroupId": "asg-tf", "RegionId": "cn-hangzhou", "LifecycleState": "Active",
        "MinSize": 5, "MaxSize": 60, "DesiredCapacity": 50,
        "Instances": [{"InstanceId": i, "LifecycleState": "InService",
                       "CreationTime": "2026-02-01T00:%02d:00Z" % n} for n, i in enumerate(ids)]}]}
    emulator("PUT", "/_emulator/state", state)
    wanted = ids[:45]
    for start in range(0, 45, 20):
        protect("asg-tf", wanted[start:start + 20], True)
    states, _ = group_states("asg-tf")
    assert [i for i in ids if states[i] == "Protected"] == wanted, states

    def read_back(page_size=None):
        seen, page, pages = [], 1, 0
        while True:
            total, number, size, found = describe(
                "asg-tf", state="Protected", page_size=page_size, page_number=page)
            assert number == page and size == (page_size or 10), (number, size)
            if not found:
                return total, seen, pages
            seen += [f[0] for f in found]
            page, pages = page + 1, pages + 1

    assert read_back() == (45, wanted, 5), read_back()
    assert read_back(c["max_page"]) == (45, wanted, 1)
    print("ok %s terraform flow: 45 protected in batches of 20, read back in 5 pages of 10 "
          "and 1 of %d" % (name, c["max_page"]))

    protect("asg-tf", wanted[40:], False)
    kept = wanted[:40]
    states, _ = group_states("asg-tf")
    assert [i for i in ids if states[i] == "Protected"] == kept
    assert read_back(c["max_page"]) == (40, kept, 1)
    activities = [remove("asg-tf", kept[start:start + 20]) for start in range(0, 40, 20)]
    assert len(set(activities)) == 2 and all(ACTIVITY.match(a) for a in activities), activities
    states, desired = group_states("asg-tf")
    assert sorted(states) == ids[40:] and set(states.values()) == {"InService"}, states
    assert desired == 10, desired
    assert read_back() == (0, [], 0)
    total, _, _, found = describe("asg-tf", page_size=c["max_page"])
    assert total == 10 and [f[0] for f in found] == ids[40:], (total, found)
    print("ok %s terraform flow: 5 unprotected, the protected 40 removed with RemoveInstances "
          "(%s), 10 left, DesiredCapacity 10" % (name, ", ".join(activities)))


DENIED = "A required authorization for the specified action is not supplied."


def ram(name, c):
    """Keys with RAM policies (tests/emulator/keys.json): what each may do, and every refusal
    as the SDK's exception shows it (403 Forbidden.Unauthorized), changing nothing."""
    protect, describe, remove, error_of = c["protect"], c["describe"], c["remove"], c["error"]

    def group(gid, prefix):
        return {"ScalingGroupId": gid, "RegionId": "cn-hangzhou", "LifecycleState": "Active",
                "Instances": [{"InstanceId": "%s-%d" % (prefix, n), "LifecycleState": "InService",
                               "CreationTime": "2026-03-01T00:0%d:00Z" % n} for n in (1, 2, 3)]}

    emulator("PUT", "/_emulator/state", {"ScalingGroups": [group("asg-a1", "i-a"), group("asg-b1", "i-b")]})

    def state_text():
        request = urllib.request.Request(BASE + "/_emulator/state")
        with urllib.request.urlopen(request) as answer:
            return answer.read()

    def as_key(key):
        return dict(key_id=key, secret=key + "secret")

    def denied(call, args, **kw):
        before = state_text()
        expect_error(name, error_of, call, args, "Forbidden.Unauthorized", 403, DENIED, **kw)
        assert state_text() == before, "a refused request changed the state"

    reader = as_key("reader")
    denied(protect, ("asg-a1", ["i-a-1"], True), **reader)
    denied(remove, ("asg-a1", ["i-a-1"]), **reader)
    assert describe("asg-a1", **reader)[0] == 3
    print("ok %s RAM: a key that may only describe reads, and is refused both writes" % name)

    scoped = as_key("scoped")
    protect("asg-a1", ["i-a-1"], True, **scoped)
    assert describe("asg-a1", state="Protected", **scoped)[0] == 1
    denied(protect, ("asg-b1", ["i-b-1"], True), **scoped)
    denied(describe, (None,), **scoped)
    print("ok %s RAM: a key scoped to scalinggroup/asg-a* works on asg-a1" % name)

    noremove = as_key("noremove")
    protect("asg-b1", ["i-b-1"], True, **noremove)
    denied(remove, ("asg-b1", ["i-b-1"]), **noremove)
    print("ok %s RAM: ess:* with a Deny of RemoveInstances protects, and may not remove" % name)

    setter = as_key("setter")
    protect("asg-b1", ["i-b-1"], False, **setter)
    denied(describe, ("asg-b1",), **setter)
    assert instance_state("i-b-1") == "InService" and instance_state("i-a-1") == "Protected"
    print("ok %s RAM: ess:Set* protects and unprotects, and may not describe" % name)


def six(group="asg-six", **settings):
    """A group of six instances in service, a day apart, i-s-1 the oldest."""
    fields = {"ScalingGroupId": group, "ScalingGroupName": "proxies", "RegionId": "cn-hangzhou",
              "LifecycleState": "Active", "MinSize": 0, "MaxSize": 10, "DesiredCapacity": 6,
              "RemovalPolicies": ["OldestInstance"],
              "Instances": [{"InstanceId": "i-s-%d" % n, "LifecycleState": "InService",
                             "CreationTime": "2026-04-0%dT00:00:00Z" % n} for n in range(1, 7)]}
    fields.update(settings)
    return {"ScalingGroups": [fields]}


def capacity(name, c):
    """The four operations of capacity, their errors as the SDK's exceptions show them, and two
    flows as real programs run them."""
    describe_groups, modify, scale, activities, protect, remove, error_of = (
        c["describe_groups"], c["modify"], c["scale"], c["activities"], c["protect"], c["remove"],
        c["error"])

    def e(call, args, code, status, message, **kw):
        expect_error(name, error_of, call, args, code, status, message, **kw)

    # Protect then shrink: describe the group, protect 3 of 6, DesiredCapacity=2, read back.
    emulator("PUT", "/_emulator/state", six())
    [group] = describe_groups(ids=["asg-six"])
    assert (group["total"], group["active"], group["protected"], group["desired"]) == (6, 6, 0, 6), group
    assert group["policies"] == ["OldestInstance"], group
    protect("asg-six", ["i-s-1", "i-s-2", "i-s-3"], True)
    request_id = modify("asg-six", desired=2)
    assert UUID.match(request_id), request_id
    [group] = describe_groups(ids=["asg-six"])
    assert (group["protected"], group["total"], group["desired"]) == (3, 3, 2), group
    [activity] = activities(group="asg-six")
    assert activity["status"] == "Warning" and activity["number"] == 3 and activity["total"] == 3, activity
    assert activity["description"] == 'Remove "4" ECS instances', activity
    # Both versions answer the instances (2014 wrapped: DestroyedInstances.DestroyedInstance).
    assert activity["destroyed"] == ["i-s-4", "i-s-5", "i-s-6"], activity
    print("ok %s protect then shrink: 3 protected of 6, DesiredCapacity=2 leaves TotalCapacity 3, "
          "ProtectedCapacity 3, the activity %s Warning" % (name, activity["id"]))

    # The autoscaler: size from DescribeScalingGroups, ScaleWithAdjustment by quantity, percent
    # and total, one RemoveInstances at a time, each activity read back.
    emulator("PUT", "/_emulator/state", six(DesiredCapacity=None))
    [group] = describe_groups(name="proxies")
    size = max(group["desired"] or 0, group["active"] + group["pending"])
    assert size == 6, group
    steps = [("QuantityChangeInCapacity", 2, 8), ("PercentChangeInCapacity", -25, 6),
             ("TotalCapacity", 4, 4)]
    for kind, value, total in steps:
        activity_id = scale("asg-six", kind, value, token="%s-%s-%s" % (name, kind, value))
        assert ACTIVITY.match(activity_id), activity_id
        [read] = activities(ids=[activity_id])
        assert (read["status"], read["total"]) == ("Successful", total), (kind, read)
        assert describe_groups(ids=["asg-six"])[0]["total"] == total
    for instance in describe_state_ids("asg-six")[:2]:
        activity_id = remove("asg-six", [instance], decrease=True)
        [read] = activities(ids=[activity_id])
        assert (read["status"], read["number"]) == ("Successful", 1), read
    assert describe_groups(ids=["asg-six"])[0]["total"] == 2
    history = activities(group="asg-six")
    assert len(history) == 5 and history[0]["total"] == 2, history
    print("ok %s autoscaler: sized 6 from DescribeScalingGroups; +2, -25%%, to 4, then two "
          "RemoveInstances, each activity read back (%d in all, newest first)" % (name, len(history)))

    # Errors.
    e(modify, ("asg-six",), "InvalidParameter.Conflict", 400,
      "The value of parameter MinSize and parameter MaxSize are confilict.", min_size=5, max_size=3)
    e(modify, ("asg-none",), "InvalidScalingGroupId.NotFound", 404,
      "The specified scaling group does not exist.", max_size=3)
    e(modify, ("asg-six",), "InvalidParameter", 400,
      'The specified value of parameter "MaxSize" is not valid.', max_size=2001)
    e(scale, ("asg-six", "TotalCapacity", 2), "IncorrectCapacity.NoChange", 400,
      "To execute the specified scaling rule, the total capacity will not change.")
    e(scale, ("asg-six", "TotalCapacity", -1), "InvalidParameter", 400,
      'The specified value of parameter "AdjustmentValue" is not valid.')
    e(activities, (), "MissingParameter", 400,
      'The input parameter "ScalingGroupId" that is mandatory for processing this request is '
      "not supplied.")
    e(activities, ("asg-none",), "InvalidScalingGroupId.NotFound", 404,
      "The specified scaling group does not exist.")
    running = six()
    running["ScalingGroups"][0]["ScalingActivities"] = [
        {"ScalingActivityId": "asa-running", "StatusCode": "InProgress", "StartTime": "2026-04-07T00:00:00Z"}]
    emulator("PUT", "/_emulator/state", running)
    e(scale, ("asg-six", "TotalCapacity", 3), "ScalingActivityInProgress", 400,
      "You cannot delete a scaling group or launch a new scaling activity while there is a scaling "
      "activity in progress for the specified scaling group.")


def deployment(name, c):
    """A test of a deployment: disable the group, protection refused, enable it attaching two
    instances, protect, put one in Standby, a shrink that removes neither, the counters read
    back, ExitStandby, RemoveInstances; and the four operations' errors."""
    enable, disable, standby, protect, modify, describe_groups, remove, error_of = (
        c["enable"], c["disable"], c["standby"], c["protect"], c["modify"], c["describe_groups"],
        c["remove"], c["error"])

    def e(call, args, code, status, message, **kw):
        expect_error(name, error_of, call, args, code, status, message, **kw)

    emulator("PUT", "/_emulator/state", six(DesiredCapacity=None))
    assert UUID.match(disable("asg-six"))
    e(protect, ("asg-six", ["i-s-1"], True), "IncorrectScalingGroupStatus", 400,
      "The current status of the specified scaling group does not support this action.")
    enable("asg-six", ids=["i-att-1", "i-att-2"], weights=[20, 80], template="lt-1")
    [group] = describe_groups(ids=["asg-six"])
    assert (group["total"], group["active"]) == (8, 8), group
    protect("asg-six", ["i-att-1"], True)
    activity = standby("asg-six", ["i-att-2"], token="%s-standby" % name)
    assert ACTIVITY.match(activity), activity
    assert standby("asg-six", ["i-att-2"], token="%s-standby" % name) == activity
    modify("asg-six", max_size=2)
    states, _ = group_states("asg-six")
    assert states == {"i-att-1": "Protected", "i-att-2": "Standby"}, states
    [group] = describe_groups(ids=["asg-six"])
    assert (group["total"], group["protected"], group["standby"], group["active"]) == (2, 1, 1, 0), group
    standby("asg-six", ["i-att-2"], enter=False)
    assert instance_state("i-att-2") == "InService"
    remove("asg-six", ["i-att-1"])
    assert instance_state("i-att-1") is None
    print("ok %s deployment: disabled, protection refused, enabled attaching 2, one protected and "
          "one in standby kept by a shrink to MaxSize 2, back in service, removed" % name)

    e(enable, ("asg-six",), "IncorrectScalingGroupStatus", 400,
      "The current status of the specified scaling group does not support this action.")
    e(disable, ("asg-none",), "InvalidScalingGroupId.NotFound", 404,
      "The specified scaling group does not exist.")
    e(standby, ("asg-six", ["i-nope"]), "InvalidInstanceId.NotFound", 404,
      "Instance \u201ci-nope\u201d does not exist.")
    protect("asg-six", ["i-att-2"], True)
    e(standby, ("asg-six", ["i-att-2"]), "IncorrectInstanceStatus", 400,
      "The current status of instance \u201ci-att-2\u201d does not support this action.")
    emulator("PUT", "/_emulator/state", {"ScalingGroups": six(LifecycleState="Inactive")["ScalingGroups"]
                                          + json.loads(STATE)["ScalingGroups"]})
    e(enable, ("asg-six",), "InvalidInstanceId.InUse", 400,
      "Instance \u201ci-web-1\u201d is already attached to another scaling group.",
      ids=["i-web-1"], template="lt-1")
    e(enable, ("asg-disabled",), "MissingActiveScalingConfiguration", 400,
      "The specified scaling group has no active scaling configuration.")


def describe_state_ids(group):
    states, _ = group_states(group)
    return sorted(states)


def main():
    versions = {}
    from importlib.metadata import version

    for package in ["aliyun-python-sdk-ess", "aliyun-python-sdk-core", "alibabacloud-ess20220222",
                    "alibabacloud-tea-openapi"]:
        versions[package] = version(package)
    print("clients: %s" % json.dumps(versions))
    for name, make in CLIENTS:
        client = make()
        run(name, client)
        terraform_flow(name, client)
        capacity(name, client)
        deployment(name, client)
        ram(name, client)
    print("all Python clients passed")


if __name__ == "__main__":
    main()
