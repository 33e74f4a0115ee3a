// Sends SetInstancesProtection with Node's @alicloud/pop-core, one request per case.
// node pop_core.js METHOD VERSION PORT CASES_JSON; prints one JSON line: the client's version.
const RPCClient = require('@alicloud/pop-core');

async function main() {
  const [method, apiVersion, port, casesJson] = process.argv.slice(2);
  const client = new RPCClient({
    accessKeyId: 'testid',
    accessKeySecret: 'testsecret',
    endpoint: `http://127.0.0.1:${port}`,
    apiVersion,
  });
  const list = apiVersion === '2014-08-28' ? 'InstanceId' : 'InstanceIds';
  for (const c of JSON.parse(casesJson)) {
    const params = { RegionId: 'cn-hangzhou', ScalingGroupId: c.ScalingGroupId, ProtectedFromScaleIn: c.ProtectedFromScaleIn };
    c.InstanceIds.forEach((id, i) => { params[`${list}.${i + 1}`] = id; });
    if ('OwnerId' in c) params.OwnerId = c.OwnerId;
    if ('ResourceOwnerAccount' in c) params.ResourceOwnerAccount = c.ResourceOwnerAccount;
    await client.request('SetInstancesProtection', params, { method });
  }
  const version = require('@alicloud/pop-core/package.json').version;
  console.log(JSON.stringify({ client: `pop-core-${method}`, versions: { '@alicloud/pop-core': version } }));
}

main().catch((e) => { console.error(e); process.exit(1); });
