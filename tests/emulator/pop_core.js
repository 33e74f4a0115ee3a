// Node's @alicloud/pop-core against a running emulator (key testid:testsecret).
// node pop_core.js PORT STATE_FILE   (NODE_PATH holds node_modules)
// For GET and POST and both API versions: a success, a scale-in that spares the protected
// instance, a manual removal, every error the emulator can answer as the client's error shows it
// (code, HTTP status, request id, message), a wrong secret, an unknown key, a replay, another
// action and another version. Prints one line per check; exits 1 on the first failure.
const assert = require('assert');
const fs = require('fs');
const RPCClient = require('@alicloud/pop-core');

const [port, stateFile] = process.argv.slice(2);
const STATE = fs.readFileSync(stateFile, 'utf8');
const BASE = `http://127.0.0.1:${port}`;
const UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;

async function emulator(method, path, body) {
  const init = { method };
  if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
  const answer = await fetch(BASE + path, init);
  assert.strictEqual(answer.status, 200, `${method} ${path}: ${answer.status}`);
  return answer.json();
}

async function instanceState(id) {
  const state = await emulator('GET', '/_emulator/state');
  for (const group of state.ScalingGroups) {
    for (const instance of group.Instances) if (instance.InstanceId === id) return instance.LifecycleState;
  }
  return null;
}

function client(apiVersion, { keyId = 'testid', secret = 'testsecret' } = {}) {
  return new RPCClient({ accessKeyId: keyId, accessKeySecret: secret, endpoint: BASE, apiVersion });
}

async function protect(method, apiVersion, group, ids, value, options = {}, extra = {}) {
  const list = apiVersion === '2014-08-28' ? 'InstanceId' : 'InstanceIds';
  const params = { RegionId: 'cn-hangzhou', ScalingGroupId: group, ProtectedFromScaleIn: value, ...extra };
  ids.forEach((id, i) => { params[`${list}.${i + 1}`] = id; });
  return client(apiVersion, options).request(options.action || 'SetInstancesProtection', params, { method });
}

async function expectError(name, call, code, status, message) {
  try {
    await call();
  } catch (e) {
    assert.strictEqual(e.code, code, `${name}: ${e.stack}`);
    assert.strictEqual(e.entry.response.statusCode, status, name);
    assert.match(e.data.RequestId, UUID, name);
    if (code === 'SignatureDoesNotMatch') {
      // The emulator adds what it signed, as the service does.
      assert.ok(e.data.Message.startsWith(`${message} Server StringToSign: `), name);
    } else {
      assert.strictEqual(e.data.Message, message, name);
    }
    console.log(`ok ${name} ${code}: ${status}, request id ${e.data.RequestId}`);
    return;
  }
  throw new Error(`${name}: no error for ${code}`);
}

async function run(method, apiVersion) {
  const name = `pop-core-${method}-${apiVersion}`;
  const list = apiVersion === '2014-08-28' ? 'InstanceId' : 'InstanceIds';
  await emulator('PUT', '/_emulator/state', STATE);
  const answer = await protect(method, apiVersion, 'asg-demo', ['i-web-1', 'i-web-2'], true);
  assert.match(answer.RequestId, UUID);
  assert.strictEqual(await instanceState('i-web-1'), 'Protected');
  console.log(`ok ${name} success: request id ${answer.RequestId}`);

  const removed = await emulator('POST', '/_emulator/scale-in', { ScalingGroupId: 'asg-demo', Count: 10 });
  assert.deepStrictEqual(removed, { Removed: ['i-web-3', 'i-web-4'] });
  console.log(`ok ${name} scale-in spares the protected instances: removed ${removed.Removed}`);
  await protect(method, apiVersion, 'asg-demo', ['i-web-2'], false);
  assert.strictEqual(await instanceState('i-web-2'), 'InService');
  assert.deepStrictEqual(
    await emulator('POST', '/_emulator/remove', { ScalingGroupId: 'asg-demo', InstanceIds: ['i-web-1'] }),
    { Removed: ['i-web-1'] },
  );
  assert.strictEqual(await instanceState('i-web-1'), null);
  console.log(`ok ${name} lift the protection; manual removal removes a protected instance`);

  const e = (call, code, status, message) => expectError(name, call, code, status, message);
  await e(() => protect(method, apiVersion, 'asg-none', ['i-web-2'], true),
    'InvalidScalingGroupId.NotFound', 404, 'The specified scaling group does not exist.');
  await e(() => protect(method, apiVersion, 'asg-demo', ['i-web-2', 'i-nope'], true),
    'InvalidInstanceId.NotFound', 404, 'Instance \u201ci-nope\u201d does not exist.');
  await e(() => protect(method, apiVersion, 'asg-disabled', ['i-off-1'], true),
    'IncorrectScalingGroupStatus', 400, 'The current status of the specified scaling group does not support this action.');
  const many = Array.from({ length: 21 }, (_, i) => `i-${i + 1}`);
  await e(() => protect(method, apiVersion, 'asg-demo', many, true),
    'InvalidParameter', 400, `The specified value of parameter "${list}.21" is not valid.`);
  await e(() => protect(method, apiVersion, 'asg-demo', [], true),
    'MissingParameter', 400, `The input parameter "${list}.N" that is mandatory for processing this request is not supplied.`);
  await e(() => protect(method, apiVersion, 'asg-demo', ['i-web-2'], true, { secret: 'wrong' }),
    'SignatureDoesNotMatch', 403, 'The signature we calculated does not match the one you provided.');
  await e(() => protect(method, apiVersion, 'asg-demo', ['i-web-2'], true, { keyId: 'nobody' }),
    'InvalidAccessKeyId.NotFound', 400, 'The Access Key ID provided does not exist in our records.');
  await e(() => protect(method, apiVersion, 'asg-demo', ['i-web-2'], true, { action: 'DescribeRegions' }),
    'UnsupportedOperation', 400, 'The specified action is not supported.');
  await e(() => protect(method, '2099-01-01', 'asg-demo', ['i-web-2'], true),
    'NoSuchVersion', 400, 'The specified version does not exist.');
  const nonce = { SignatureNonce: `replayed-${name}-${require('crypto').randomUUID()}` };
  await protect(method, apiVersion, 'asg-demo', ['i-web-2'], true, {}, nonce);
  await e(() => protect(method, apiVersion, 'asg-demo', ['i-web-2'], true, {}, nonce),
    'SignatureNonceUsed', 400, 'Specified signature nonce was used already.');
  assert.strictEqual(await instanceState('i-web-2'), 'Protected');
}

async function main() {
  console.log(`clients: ${JSON.stringify({ '@alicloud/pop-core': require('@alicloud/pop-core/package.json').version })}`);
  for (const method of ['POST', 'GET']) {
    for (const apiVersion of ['2014-08-28', '2022-02-22']) await run(method, apiVersion);
  }
  console.log('all Node clients passed');
}

main().catch((e) => { console.error(e); process.exit(1); });
