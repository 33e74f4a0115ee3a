"""The installed distribution (not the source tree) with the official SDKs: the fixtures, the
Emulator class, and the workflow through the 2014 SDK (signature 1.0) and the 2022 SDK (V3)."""

import json
import os
import sysconfig

import pytest

import ess_protection
from ess_protection import DEFAULT_STATE, Emulator, EmulatorError, find_binary


def test_the_installed_package_and_binary_are_used():
    site = sysconfig.get_path("purelib")
    assert os.path.realpath(ess_protection.__file__).startswith(os.path.realpath(site)), ess_protection.__file__
    scripts = sysconfig.get_path("scripts")
    assert os.path.realpath(find_binary()) == os.path.realpath(os.path.join(scripts, "ess-protection"))


def test_one_version_the_package_the_distribution_and_the_binary():
    import importlib.metadata
    import subprocess

    assert importlib.metadata.version("ess-protection") == ess_protection.__version__
    out = subprocess.run([find_binary(), "--version"], capture_output=True, text=True, check=True)
    assert out.stdout == "ess-protection %s\n" % ess_protection.__version__


# The 2014 SDK: aliyun-python-sdk-ess with signature 1.0.

def call_2014(emulator, request, key=None, **parameters):
    from aliyunsdkcore.client import AcsClient

    key_id, secret = key or (emulator.access_key_id, emulator.access_key_secret)
    request.set_endpoint(emulator.endpoint)
    request.set_protocol_type("http")
    for name, value in parameters.items():
        getattr(request, "set_" + name)(value)
    client = AcsClient(key_id, secret, emulator.region_id)
    return json.loads(client.do_action_with_exception(request))


def protect_2014(emulator, ids, key=None, group="asg-demo"):
    from aliyunsdkess.request.v20140828.SetInstancesProtectionRequest import (
        SetInstancesProtectionRequest,
    )

    return call_2014(emulator, SetInstancesProtectionRequest(), key, ScalingGroupId=group,
                     InstanceIds=ids, ProtectedFromScaleIn=True)


def protected_2014(emulator):
    from aliyunsdkess.request.v20140828.DescribeScalingInstancesRequest import (
        DescribeScalingInstancesRequest,
    )

    found = call_2014(emulator, DescribeScalingInstancesRequest(), ScalingGroupId="asg-demo",
                      LifecycleState="Protected")
    return [i["InstanceId"] for i in found["ScalingInstances"]["ScalingInstance"]]


def test_protect_read_back_and_scale_in_with_the_2014_sdk(ess_emulator):
    protect_2014(ess_emulator, ["i-web-1"])
    assert protected_2014(ess_emulator) == ["i-web-1"]
    # i-web-1 is the oldest, but protected; i-web-5 is in Standby.
    assert ess_emulator.scale_in("asg-demo", 4) == ["i-web-2", "i-web-3", "i-web-4"]
    assert ess_emulator.remove("asg-demo", ["i-web-1"]) == ["i-web-1"]
    assert [i["InstanceId"] for i in ess_emulator.state()["ScalingGroups"][0]["Instances"]] == ["i-web-5"]


def test_errors_as_the_2014_sdks_exception_shows_them(ess_emulator):
    from aliyunsdkcore.acs_exception.exceptions import ServerException

    with pytest.raises(ServerException) as e:
        protect_2014(ess_emulator, ["i-web-1"], group="asg-none")
    assert (e.value.get_http_status(), e.value.get_error_code()) == (404, "InvalidScalingGroupId.NotFound")
    assert e.value.get_error_msg() == "The specified scaling group does not exist."
    with pytest.raises(ServerException) as e:
        protect_2014(ess_emulator, ["i-web-1"], key=(ess_emulator.access_key_id, "wrong"))
    assert (e.value.get_http_status(), e.value.get_error_code()) == (403, "SignatureDoesNotMatch")


# The 2022 SDK: alibabacloud-ess20220222 with signature V3.

def client_2022(emulator, secret=None):
    from alibabacloud_ess20220222.client import Client
    from alibabacloud_tea_openapi import models as open_api_models

    return Client(open_api_models.Config(
        access_key_id=emulator.access_key_id,
        access_key_secret=secret or emulator.access_key_secret,
        endpoint=emulator.endpoint, protocol="http", region_id=emulator.region_id,
    ))


def test_protect_read_back_and_scale_in_with_the_2022_sdk(ess_emulator):
    from alibabacloud_ess20220222 import models

    client = client_2022(ess_emulator)
    client.set_instances_protection(models.SetInstancesProtectionRequest(
        scaling_group_id="asg-demo", instance_ids=["i-web-1", "i-web-2"], protected_from_scale_in=True))
    page = client.describe_scaling_instances(models.DescribeScalingInstancesRequest(
        region_id=ess_emulator.region_id, scaling_group_id="asg-demo", lifecycle_state="Protected")).body
    assert [i.instance_id for i in page.scaling_instances] == ["i-web-1", "i-web-2"]
    assert ess_emulator.scale_in("asg-demo", 4) == ["i-web-3", "i-web-4"]


def test_errors_as_the_2022_sdks_exception_shows_them(ess_emulator):
    from alibabacloud_ess20220222 import models

    request = models.SetInstancesProtectionRequest(
        scaling_group_id="asg-demo", instance_ids=["i-nope"], protected_from_scale_in=True)
    with pytest.raises(Exception) as e:
        client_2022(ess_emulator).set_instances_protection(request)
    assert (e.value.code, e.value.statusCode) == ("InvalidInstanceId.NotFound", 404)
    with pytest.raises(Exception) as e:
        client_2022(ess_emulator, secret="wrong").set_instances_protection(request)
    assert (e.value.code, e.value.statusCode) == ("SignatureDoesNotMatch", 403)


# Temporary (STS) credentials, through each SDK's own transport of the token: the
# SecurityToken parameter (2014 SDK, signature 1.0) and x-acs-security-token (2022, V3).

STS_KEYS = {"AccessKeys": [{"AccessKeyId": "STS.role", "AccessKeySecret": "rolesecret",
                            "SecurityToken": "CAIS-role-token"}]}


def test_security_tokens_through_the_2014_sdk(ess_emulator_factory):
    from aliyunsdkcore.acs_exception.exceptions import ServerException
    from aliyunsdkcore.auth.credentials import StsTokenCredential
    from aliyunsdkcore.client import AcsClient
    from aliyunsdkess.request.v20140828.SetInstancesProtectionRequest import (
        SetInstancesProtectionRequest,
    )

    emulator = ess_emulator_factory(keys=STS_KEYS)

    def protect(token):
        request = SetInstancesProtectionRequest()
        request.set_endpoint(emulator.endpoint)
        request.set_protocol_type("http")
        request.set_ScalingGroupId("asg-demo")
        request.set_InstanceIds(["i-web-1"])
        request.set_ProtectedFromScaleIn(True)
        credential = StsTokenCredential("STS.role", "rolesecret", token)
        client = AcsClient(region_id=emulator.region_id, credential=credential)
        return json.loads(client.do_action_with_exception(request))

    assert "RequestId" in protect("CAIS-role-token")
    with pytest.raises(ServerException) as e:
        protect("CAIS-forged")
    assert (e.value.get_http_status(), e.value.get_error_code()) == (400, "InvalidSecurityToken.Malformed")


def test_security_tokens_through_the_2022_sdk(ess_emulator_factory):
    from alibabacloud_ess20220222 import models
    from alibabacloud_ess20220222.client import Client
    from alibabacloud_tea_openapi import models as open_api_models

    emulator = ess_emulator_factory(keys=STS_KEYS)

    def describe(token):
        config = open_api_models.Config(
            access_key_id="STS.role", access_key_secret="rolesecret", security_token=token,
            endpoint=emulator.endpoint, protocol="http", region_id=emulator.region_id)
        return Client(config).describe_scaling_instances(models.DescribeScalingInstancesRequest(
            region_id=emulator.region_id, scaling_group_id="asg-demo")).body

    assert len(describe("CAIS-role-token").scaling_instances) == 5
    with pytest.raises(Exception) as e:
        describe(None)
    assert (e.value.code, e.value.statusCode) == ("MissingSecurityToken", 400)


# Each test gets a fresh emulator: what one changes, the next never sees (in either order,
# and under pytest-xdist).

@pytest.mark.parametrize("run", [1, 2, 3])
def test_state_does_not_leak_between_tests(ess_emulator, run):
    assert ess_emulator.state() == DEFAULT_STATE
    protect_2014(ess_emulator, ["i-web-1"])
    ess_emulator.remove("asg-demo", ["i-web-2"])
    assert ess_emulator.state() != DEFAULT_STATE


def test_a_state_and_keys_of_the_tests_own(ess_emulator_factory, tmp_path):
    from aliyunsdkcore.acs_exception.exceptions import ServerException

    state = {"ScalingGroups": [{"ScalingGroupId": "asg-a1", "RegionId": "cn-hangzhou",
                                "LifecycleState": "Active", "Instances": [
                                    {"InstanceId": "i-1", "LifecycleState": "InService",
                                     "CreationTime": "2026-01-01T00:00:00Z"}]}]}
    path = tmp_path / "state.json"
    path.write_text(json.dumps(state))
    keys = {"AccessKeys": [{"AccessKeyId": "reader", "AccessKeySecret": "readersecret",
                            "AccountId": "1234567890123456", "Policies": [{"Version": "1", "Statement": [
                                {"Effect": "Allow", "Action": "ess:Describe*", "Resource": "*"}]}]}]}
    emulator = ess_emulator_factory(state=str(path), keys=keys)
    with pytest.raises(ServerException) as e:
        protect_2014(emulator, ["i-1"], key=("reader", "readersecret"), group="asg-a1")
    assert (e.value.get_http_status(), e.value.get_error_code()) == (403, "Forbidden.Unauthorized")
    protect_2014(emulator, ["i-1"], group="asg-a1")
    assert emulator.state()["ScalingGroups"][0]["Instances"][0]["LifecycleState"] == "Protected"
    # The file given is copied, never written.
    assert json.loads(path.read_text()) == state


def test_the_emulator_endpoints_raise_with_code_and_message(ess_emulator):
    state = json.loads(json.dumps(DEFAULT_STATE))
    state["ScalingGroups"][0]["MinSize"] = 4
    ess_emulator.set_state(state)
    assert ess_emulator.state() == state
    assert ess_emulator.scale_in("asg-demo", 4) == ["i-web-1"]
    with pytest.raises(EmulatorError) as e:
        ess_emulator.scale_in("asg-none", 1)
    assert (e.value.status, e.value.code, e.value.message) == (
        404, "InvalidScalingGroupId.NotFound", "The specified scaling group does not exist.")


def test_a_server_that_does_not_start_raises_with_its_standard_error():
    with pytest.raises(EmulatorError) as e:
        Emulator(state={"ScalingGroups": 1}).start()
    assert "is not a valid state" in str(e.value), str(e.value)
    bad_keys = {"AccessKeys": [{"AccessKeyId": "k", "AccessKeySecret": "s", "AccountId": "1",
                                "Policies": [{"Version": "1", "Statement": [
                                    {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {}}]}]}]}
    with pytest.raises(EmulatorError) as e:
        Emulator(keys=bad_keys).start()
    assert "Statement[0].Condition: conditions are not supported" in str(e.value), str(e.value)


def test_stop_ends_the_server_and_removes_its_files():
    emulator = Emulator()
    with emulator:
        process, folder = emulator._process, emulator._folder
        assert os.path.isdir(folder)
    assert process.returncode == 0
    assert not os.path.exists(folder)
    with pytest.raises(EmulatorError):
        emulator.endpoint
