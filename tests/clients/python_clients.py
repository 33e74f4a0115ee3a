"""Sends each case with the official Python SDKs, one request per case: its
`Action` (SetInstancesProtection when it has none) through the SDK's own request
class.

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
    from aliyunsdkess.request.v20140828 import (
        DescribeScalingInstancesRequest,
        RemoveInstancesRequest,
        SetInstancesProtectionRequest,
    )

    action = case.get("Action", "SetInstancesProtection")
    module = {
        "SetInstancesProtection": SetInstancesProtectionRequest,
        "DescribeScalingInstances": DescribeScalingInstancesRequest,
        "RemoveInstances": RemoveInstancesRequest,
    }[action]
    request = getattr(module, action + "Request")()
    request.set_endpoint("127.0.0.1:%d" % port)
    request.set_protocol_type("http")
    for key, value in case.items():
        if key not in ("Action", "RegionId"):
            # The SDK's setters: set_InstanceIds takes the list.
            getattr(request, "set_" + key)(value)
    AcsClient(KEY_ID, SECRET, "cn-hangzhou").do_action_with_exception(request)


def snake(name):
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


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
    action = case.get("Action", "SetInstancesProtection")
    fields = {snake(k): v for k, v in case.items() if k != "Action"}
    request = getattr(models, action + "Request")(**fields)
    getattr(Client(config), snake(action))(request)


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
