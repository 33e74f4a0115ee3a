"""Sends SetInstancesProtection with the official Python SDKs, one request per case.

Run with the venv's Python: python_clients.py CLIENT PORT CASES_JSON
CLIENT: ess2014 (aliyun-python-sdk-ess), ess2022-v3 / ess2022-v2 (alibabacloud-ess20220222).
Prints one JSON line: the client's name and version.
"""
import json
import sys
from importlib.metadata import version

KEY_ID, SECRET = "testid", "testsecret"


def ess2014(port, case):
    from aliyunsdkcore.client import AcsClient
    from aliyunsdkess.request.v20140828.SetInstancesProtectionRequest import (
        SetInstancesProtectionRequest,
    )

    client = AcsClient(KEY_ID, SECRET, "cn-hangzhou")
    request = SetInstancesProtectionRequest()
    request.set_endpoint("127.0.0.1:%d" % port)
    request.set_protocol_type("http")
    request.set_ScalingGroupId(case["ScalingGroupId"])
    request.set_InstanceIds(case["InstanceIds"])
    request.set_ProtectedFromScaleIn(case["ProtectedFromScaleIn"])
    if "OwnerId" in case:
        request.set_OwnerId(case["OwnerId"])
    if "ResourceOwnerAccount" in case:
        request.set_ResourceOwnerAccount(case["ResourceOwnerAccount"])
    client.do_action_with_exception(request)


def ess2022(port, case, algorithm):
    from alibabacloud_ess20220222 import models
    from alibabacloud_ess20220222.client import Client
    from alibabacloud_tea_openapi import models as open_api_models

    config = open_api_models.Config(
        access_key_id=KEY_ID,
        access_key_secret=SECRET,
        endpoint="127.0.0.1:%d" % port,
        protocol="http",
        region_id="cn-hangzhou",
    )
    if algorithm == "v2":
        config.signature_algorithm = "v2"
    request = models.SetInstancesProtectionRequest(
        scaling_group_id=case["ScalingGroupId"],
        instance_ids=case["InstanceIds"],
        protected_from_scale_in=case["ProtectedFromScaleIn"],
        owner_id=case.get("OwnerId"),
        resource_owner_account=case.get("ResourceOwnerAccount"),
    )
    Client(config).set_instances_protection(request)


def main():
    client, port, cases = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
    for case in cases:
        if client == "ess2014":
            ess2014(port, case)
        else:
            ess2022(port, case, client.rsplit("-", 1)[1])
    package = "aliyun-python-sdk-ess" if client == "ess2014" else "alibabacloud-ess20220222"
    core = "aliyun-python-sdk-core" if client == "ess2014" else "alibabacloud-tea-openapi"
    print(json.dumps({"client": client, "versions": {p: version(p) for p in (package, core)}}))


if __name__ == "__main__":
    main()
