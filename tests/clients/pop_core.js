// Sends each case with Node's @alicloud/pop-core, one request per case: its Action
// (SetInstancesProtection when it has none), lists flattened as Name.N.
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
    const { Action = 'SetInstancesProtection', InstanceIds, ...rest } = c;
    const params = { RegionId: 'cn-hangzhou', ...rest };
    InstanceIds.forEach((id, i) => { params[`${list}.${i + 1}`] = id; });
    await client.request(Action, params, { method });
  }
  const version = require('@alicloud/pop-core/package.json').version;
  console.log(JSON.stringify({ client: `pop-core-${method}`, versions: { '@alicloud/pop-core': version } }));
}

main().catch((e) => { console.error(e); process.exit(1); });
