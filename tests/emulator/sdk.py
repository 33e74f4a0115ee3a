"""The official Python SDKs against a running emulator (key testid:testsecret).

Run with the venv's Python: sdk.py PORT STATE_FILE
Clients: aliyun-python-sdk-ess (2014-08-28, signature 1.0), alibabacloud-ess20220222 in its
default mode (V3) and with signature_algorithm='v2' (1.0). For each: a success, a scale-in that
spares the protected instance, a manual removal, every error the emulator can answer as the
client's exception shows it (code, HTTP status, request id, message), a wrong secret, an unknown
key and a replay. Prints one line per check; exits 1 on the first failure.
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


# Each client: call(group, ids, protect, key_id, secret) -> request id, raising the SDK's
# exception; error(exception) -> (code, status, request id, message).


def ess2014(group, ids, protect, key_id="testid", secret=SECRET):
    from aliyunsdkcore.client import AcsClient
    from aliyunsdkess.request.v20140828.SetInstancesProtectionRequest import (
        SetInstancesProtectionRequest,
    )

    client = AcsClient(key_id, secret, "cn-hangzhou")
    request = SetInstancesProtectionRequest()
    request.set_endpoint("127.0.0.1:%d" % PORT)
    request.set_protocol_type("http")
    request.set_ScalingGroupId(group)
    request.set_InstanceIds(ids)
    request.set_ProtectedFromScaleIn(protect)
    return json.loads(client.do_action_with_exception(request))["RequestId"]


def ess2014_error(e):
    from aliyunsdkcore.acs_exception.exceptions import ServerException

    assert isinstance(e, ServerException), repr(e)
    return e.get_error_code(), e.get_http_status(), e.get_request_id(), e.get_error_msg()


def ess2022(algorithm):
    def call(group, ids, protect, key_id="testid", secret=SECRET):
        from alibabacloud_ess20220222 import models
        from alibabacloud_ess20220222.client import Client
        from alibabacloud_tea_openapi import models as open_api_models

        config = open_api_models.Config(
            access_key_id=key_id,
            access_key_secret=secret,
            endpoint="127.0.0.1:%d" % PORT,
            protocol="http",
            region_id="cn-hangzhou",
        )
        if algorithm:
            config.signature_algorithm = algorithm
        request = models.SetInstancesProtectionRequest(
            scaling_group_id=group, instance_ids=ids, protected_from_scale_in=protect
        )
        answer = Client(config).set_instances_protection(request)
        assert answer.status_code == 200, answer.status_code
        return answer.body.request_id

    return call


def ess2022_error(e):
    code = getattr(e, "code", None)
    assert code, repr(e)
    data = getattr(e, "data", None) or {}
    return code, e.statusCode, data.get("RequestId"), data.get("Message")


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
    ("ess2014", ess2014, ess2014_error, "InstanceId"),
    ("ess2022-v3", ess2022(None), ess2022_error, "InstanceIds"),
    ("ess2022-v2", ess2022("v2"), ess2022_error, "InstanceIds"),
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


def run(name, call, error_of, list_name):
    emulator("PUT", "/_emulator/state", STATE)
    request_id = call("asg-demo", ["i-web-1", "i-web-2"], True)
    assert UUID.match(request_id), request_id
    assert instance_state("i-web-1") == "Protected", instance_state("i-web-1")
    print("ok %s success: request id %s" % (name, request_id))

    removed = emulator("POST", "/_emulator/scale-in", {"ScalingGroupId": "asg-demo", "Count": 10})
    assert removed == {"Removed": ["i-web-3", "i-web-4"]}, removed
    assert instance_state("i-web-1") == "Protected"
    print("ok %s scale-in spares the protected instances: removed %s" % (name, removed["Removed"]))

    call("asg-demo", ["i-web-2"], False)
    assert instance_state("i-web-2") == "InService"
    removed = emulator("POST", "/_emulator/remove", {"ScalingGroupId": "asg-demo", "InstanceIds": ["i-web-1"]})
    assert removed == {"Removed": ["i-web-1"]} and instance_state("i-web-1") is None
    print("ok %s lift the protection; manual removal removes a protected instance" % name)

    e = lambda args, code, status, message, **kw: expect_error(name, error_of, call, args, code, status, message, **kw)
    e(("asg-none", ["i-web-2"], True), "InvalidScalingGroupId.NotFound", 404,
      "The specified scaling group does not exist.")
    e(("asg-demo", ["i-web-2", "i-nope"], True), "InvalidInstanceId.NotFound", 404,
      "Instance \u201ci-nope\u201d does not exist.")
    e(("asg-disabled", ["i-off-1"], True), "IncorrectScalingGroupStatus", 400,
      "The current status of the specified scaling group does not support this action.")
    e(("asg-demo", ["i-%d" % n for n in range(1, 22)], True), "InvalidParameter", 400,
      'The specified value of parameter "%s.21" is not valid.' % list_name)
    e(("asg-demo", [], True), "MissingParameter", 400,
      'The input parameter "%s.N" that is mandatory for processing this request is not supplied.'
      % list_name)
    e(("asg-demo", ["i-web-2"], True), "SignatureDoesNotMatch", 403,
      "The signature we calculated does not match the one you provided.", secret="wrong")
    e(("asg-demo", ["i-web-2"], True), "InvalidAccessKeyId.NotFound", 400,
      "The Access Key ID provided does not exist in our records.", key_id="nobody")
    undo = fixed_nonce(name)
    try:
        call("asg-demo", ["i-web-2"], True)
        e(("asg-demo", ["i-web-2"], True), "SignatureNonceUsed", 400,
          "Specified signature nonce was used already.")
    finally:
        undo()
    assert instance_state("i-web-2") == "Protected"


def main():
    versions = {}
    from importlib.metadata import version

    for package in ["aliyun-python-sdk-ess", "aliyun-python-sdk-core", "alibabacloud-ess20220222",
                    "alibabacloud-tea-openapi"]:
        versions[package] = version(package)
    print("clients: %s" % json.dumps(versions))
    for name, call, error_of, list_name in CLIENTS:
        run(name, call, error_of, list_name)
    print("all Python clients passed")


if __name__ == "__main__":
    main()
