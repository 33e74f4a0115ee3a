// Node's @alicloud/pop-core against a running emulator (key testid:testsecret, and the keys
// with RAM policies of tests/emulator/keys.json).
// node pop_core.js PORT STATE_FILE   (NODE_PATH holds node_modules)
// For GET and POST and both API versions, the three operations of scale-in protection: protect,
// read back with DescribeScalingInstances, a scale-in that spares the protected instances,
// RemoveInstances of a protected one, a client token; every error the emulator can answer as the
// client's error shows it (code, HTTP status, request id, message), a wrong secret, an unknown
// key, a replay, another action and another version; the Terraform provider's flow on 50
// instances; the four operations of capacity with their errors and two flows (protect then shrink;
// an autoscaler); and keys with RAM policies. Prints one line per check; exits 1 on the first
// failure.
const assert = require('assert');
const fs = require('fs');
const RPCClient = require('@alicloud/pop-core');

const [port, stateFile] = process.argv.slice(2);
const STATE = fs.readFileSync(stateFile, 'utf8');
const BASE = `http://127.0.0.1:${port}`;
const UUID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const ACTIVITY = /^asa-[0-9a-z]{20}$/;

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

// DescribeScalingInstances: the page, its instances as [id, state], in the version's shape.
async function describe(method, apiVersion, group, params = {}, options = {}) {
  const all = { RegionId: 'cn-hangzhou', ...params };
  if (group) all.ScalingGroupId = group;
  const body = await client(apiVersion, options).request('DescribeScalingInstances', all, { method });
  const items = apiVersion === '2014-08-28' ? body.ScalingInstances.ScalingInstance : body.ScalingInstances;
  assert.ok(Array.isArray(items), JSON.stringify(body));
  return [body.TotalCount, body.PageNumber, body.PageSize, items.map((i) => [i.InstanceId, i.LifecycleState])];
}

async function remove(method, apiVersion, group, ids, params = {}, options = {}) {
  const list = apiVersion === '2014-08-28' ? 'InstanceId' : 'InstanceIds';
  const all = { RegionId: 'cn-hangzhou', ScalingGroupId: group, ...params };
  ids.forEach((id, i) => { all[`${list}.${i + 1}`] = id; });
  const body = await client(apiVersion, options).request('RemoveInstances', all, { method });
  assert.match(body.ScalingActivityId, ACTIVITY);
  return body.ScalingActivityId;
}

async function groupStates(group) {
  const state = await emulator('GET', '/_emulator/state');
  const g = state.ScalingGroups.find((x) => x.ScalingGroupId === group);
  return [Object.fromEntries(g.Instances.map((i) => [i.InstanceId, i.LifecycleState])), g.DesiredCapacity];
}

// The Terraform provider's flow: 45 protected in batches of 20, read back page by page (the
// default page and the largest), 5 unprotected, the protected rest removed with RemoveInstances.
async function terraformFlow(method, apiVersion, name) {
  const ids = Array.from({ length: 50 }, (_, n) => `i-tf-${String(n + 1).padStart(2, '0')}`);
  await emulator('PUT', '/_emulator/state', {
    ScalingGroups: [{
      ScalingGroupId: 'asg-tf', RegionId: 'cn-hangzhou', LifecycleState: 'Active', MinSize: 5, DesiredCapacity: 50,
      Instances: ids.map((id, n) => ({ InstanceId: id, LifecycleState: 'InService',
        CreationTime: `2026-02-01T00:${String(n).padStart(2, '0')}:00Z` })),
    }],
  });
  const wanted = ids.slice(0, 45);
  for (let start = 0; start < 45; start += 20) {
    await protect(method, apiVersion, 'asg-tf', wanted.slice(start, start + 20), true);
  }
  const protectedNow = async () => {
    const [states] = await groupStates('asg-tf');
    return ids.filter((i) => states[i] === 'Protected');
  };
  assert.deepStrictEqual(await protectedNow(), wanted);
  const readBack = async (size) => {
    const seen = [];
    let pages = 0;
    for (let page = 1; ; page += 1) {
      const params = { LifecycleState: 'Protected', PageNumber: page };
      if (size) params.PageSize = size;
      const [total, number, pageSize, found] = await describe(method, apiVersion, 'asg-tf', params);
      assert.deepStrictEqual([number, pageSize], [page, size || 10]);
      if (found.length === 0) return [total, seen, pages];
      seen.push(...found.map((f) => f[0]));
      pages += 1;
    }
  };
  const max = apiVersion === '2014-08-28' ? 50 : 100;
  assert.deepStrictEqual(await readBack(), [45, wanted, 5]);
  assert.deepStrictEqual(await readBack(max), [45, wanted, 1]);
  console.log(`ok ${name} terraform flow: 45 protected in batches of 20, read back in 5 pages of 10 and 1 of ${max}`);
  await protect(method, apiVersion, 'asg-tf', wanted.slice(40), false);
  const kept = wanted.slice(0, 40);
  assert.deepStrictEqual(await protectedNow(), kept);
  assert.deepStrictEqual(await readBack(max), [40, kept, 1]);
  const activities = [];
  for (let start = 0; start < 40; start += 20) {
    activities.push(await remove(method, apiVersion, 'asg-tf', kept.slice(start, start + 20)));
  }
  const [states, desired] = await groupStates('asg-tf');
  assert.deepStrictEqual(Object.keys(states).sort(), ids.slice(40));
  assert.ok(Object.values(states).every((s) => s === 'InService'));
  assert.strictEqual(desired, 10);
  assert.deepStrictEqual(await readBack(), [0, [], 0]);
  console.log(`ok ${name} terraform flow: the protected 40 removed with RemoveInstances (${activities.join(', ')}), 10 left`);
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

  assert.deepStrictEqual(await describe(method, apiVersion, 'asg-demo', { LifecycleState: 'Protected' }),
    [2, 1, 10, [['i-web-1', 'Protected'], ['i-web-2', 'Protected']]]);
  console.log(`ok ${name} describe reads the protection back`);

  const removed = await emulator('POST', '/_emulator/scale-in', { ScalingGroupId: 'asg-demo', Count: 10 });
  assert.deepStrictEqual(removed.Removed, ['i-web-3', 'i-web-4']);
  assert.match(removed.ScalingActivityId, /^asa-[0-9a-z]{20}$/);
  console.log(`ok ${name} scale-in spares the protected instances: removed ${removed.Removed}`);
  await protect(method, apiVersion, 'asg-demo', ['i-web-2'], false);
  assert.strictEqual(await instanceState('i-web-2'), 'InService');
  const activity = await remove(method, apiVersion, 'asg-demo', ['i-web-1']);
  assert.strictEqual(await instanceState('i-web-1'), null);
  console.log(`ok ${name} lift the protection; RemoveInstances removes a protected instance: ${activity}`);
  const token = { ClientToken: `t-${name}`, IgnoreInvalidInstance: true };
  const first = await remove(method, apiVersion, 'asg-demo', ['i-nope'], token);
  assert.strictEqual(await remove(method, apiVersion, 'asg-demo', ['i-nope'], token), first);
  console.log(`ok ${name} ClientToken: the same activity ${first}`);

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
  await e(() => describe(method, apiVersion, 'asg-none'),
    'InvalidScalingGroupId.NotFound', 404, 'The specified scaling group does not exist.');
  const max = apiVersion === '2014-08-28' ? 50 : 100;
  await e(() => describe(method, apiVersion, 'asg-demo', { PageSize: max + 1 }),
    'InvalidParameter', 400, 'The specified value of parameter "PageSize" is not valid.');
  await e(() => describe(method, apiVersion, 'asg-demo', { RegionId: '' }),
    'MissingParameter', 400, 'The input parameter "RegionId" that is mandatory for processing this request is not supplied.');
  await e(() => remove(method, apiVersion, 'asg-demo', ['i-nope']),
    'InvalidInstanceId.NotFound', 404, 'Instance \u201ci-nope\u201d does not exist.');
  await e(() => remove(method, apiVersion, 'asg-disabled', ['i-off-1']),
    'IncorrectScalingGroupStatus', 400, 'The current status of the specified scaling group does not support this action.');
  await e(() => remove(method, apiVersion, 'asg-demo', ['i-web-2'], { ClientToken: `t-${name}` }),
    'InvalidParameter', 400, 'The specified value of parameter "ClientToken" is not valid.');
  const strict = JSON.parse(STATE);
  strict.ScalingGroups[0].MinSize = 5;
  await emulator('PUT', '/_emulator/state', strict);
  await e(() => remove(method, apiVersion, 'asg-demo', ['i-web-2']),
    'IncorrectCapacity.MinSize', 400, 'To remove the instances, the total capacity will be lesser than the MinSize.');
  const nonce = { SignatureNonce: `replayed-${name}-${require('crypto').randomUUID()}` };
  await protect(method, apiVersion, 'asg-demo', ['i-web-2'], true, {}, nonce);
  await e(() => protect(method, apiVersion, 'asg-demo', ['i-web-2'], true, {}, nonce),
    'SignatureNonceUsed', 400, 'Specified signature nonce was used already.');
  assert.strictEqual(await instanceState('i-web-2'), 'Protected');
}

// The four operations of capacity, by hand as pop-core sends them (each version's list names),
// their errors, and two flows as real programs run them.
async function capacity(method, apiVersion) {
  const name = `pop-core-${method}-${apiVersion}`;
  const old = apiVersion === '2014-08-28';
  const call = (action, params) => client(apiVersion).request(action, { RegionId: 'cn-hangzhou', ...params }, { method });
  // A list of the version: 2014 wraps it in an object of its item.
  const list = (value, item) => (old ? (value || {})[item] || [] : value || []);
  const groups = async (params) => {
    const body = await call('DescribeScalingGroups', params);
    return list(body.ScalingGroups, 'ScalingGroup');
  };
  const activities = async (params) => {
    const body = await call('DescribeScalingActivities', params);
    return list(body.ScalingActivities, 'ScalingActivity');
  };
  // A list parameter under the version's name: ScalingGroupId.N, or ScalingGroupIds.N.
  const ids = (prefix, values, plural = `${prefix}s`) => Object.fromEntries(values.map((v, i) => [`${old ? prefix : plural}.${i + 1}`, v]));
  const six = (settings = {}) => ({
    ScalingGroups: [{
      ScalingGroupId: 'asg-six', ScalingGroupName: 'proxies', RegionId: 'cn-hangzhou', LifecycleState: 'Active',
      MinSize: 0, MaxSize: 10, DesiredCapacity: 6, RemovalPolicies: ['OldestInstance'],
      Instances: [1, 2, 3, 4, 5, 6].map((n) => ({ InstanceId: `i-s-${n}`, LifecycleState: 'InService', CreationTime: `2026-04-0${n}T00:00:00Z` })),
      ...settings,
    }],
  });

  // Protect then shrink.
  await emulator('PUT', '/_emulator/state', six());
  let [group] = await groups(ids('ScalingGroupId', ['asg-six']));
  assert.deepStrictEqual([group.TotalCapacity, group.ActiveCapacity, group.DesiredCapacity], [6, 6, 6]);
  assert.deepStrictEqual(list(group.RemovalPolicies, 'RemovalPolicy'), ['OldestInstance']);
  await protect(method, apiVersion, 'asg-six', ['i-s-1', 'i-s-2', 'i-s-3'], true);
  const modified = await call('ModifyScalingGroup', { ScalingGroupId: 'asg-six', DesiredCapacity: 2 });
  assert.match(modified.RequestId, UUID);
  [group] = await groups(ids('ScalingGroupId', ['asg-six']));
  assert.deepStrictEqual([group.ProtectedCapacity, group.TotalCapacity, group.DesiredCapacity], [3, 3, 2]);
  const [activity] = await activities({ ScalingGroupId: 'asg-six' });
  assert.deepStrictEqual([activity.StatusCode, activity.ScalingInstanceNumber, activity.TotalCapacity], ['Warning', 3, '3']);
  assert.deepStrictEqual(list(activity.DestroyedInstances, 'DestroyedInstance'), ['i-s-4', 'i-s-5', 'i-s-6']);
  console.log(`ok ${name} protect then shrink: ProtectedCapacity 3, TotalCapacity 3, the activity ${activity.ScalingActivityId} Warning`);

  // The autoscaler.
  const free = six();
  delete free.ScalingGroups[0].DesiredCapacity;
  await emulator('PUT', '/_emulator/state', free);
  [group] = await groups({ ScalingGroupName: 'proxies' });
  assert.strictEqual(Math.max(group.DesiredCapacity || 0, group.ActiveCapacity + group.PendingCapacity), 6);
  for (const [type, value, total] of [['QuantityChangeInCapacity', 2, 8], ['PercentChangeInCapacity', -25, 6], ['TotalCapacity', 4, 4]]) {
    const body = await call('ScaleWithAdjustment', {
      ScalingGroupId: 'asg-six', AdjustmentType: type, AdjustmentValue: value, ClientToken: `${name}-${type}`,
    });
    assert.match(body.ScalingActivityId, ACTIVITY);
    const [read] = await activities(ids('ScalingActivityId', [body.ScalingActivityId]));
    assert.deepStrictEqual([read.StatusCode, read.TotalCapacity], ['Successful', String(total)]);
  }
  const [states] = await groupStates('asg-six');
  for (const instance of Object.keys(states).sort().slice(0, 2)) {
    const activityId = await remove(method, apiVersion, 'asg-six', [instance]);
    const [read] = await activities(ids('ScalingActivityId', [activityId]));
    assert.deepStrictEqual([read.StatusCode, read.ScalingInstanceNumber], ['Successful', 1]);
  }
  const history = await activities({ ScalingGroupId: 'asg-six' });
  assert.deepStrictEqual([history.length, history[0].TotalCapacity], [5, '2']);
  console.log(`ok ${name} autoscaler: +2, -25%, to 4, two RemoveInstances, each activity read back`);

  const e = (f, code, status, message) => expectError(name, f, code, status, message);
  await e(() => call('ModifyScalingGroup', { ScalingGroupId: 'asg-six', MinSize: 5, MaxSize: 3 }),
    'InvalidParameter.Conflict', 400, 'The value of parameter MinSize and parameter MaxSize are confilict.');
  await e(() => call('ScaleWithAdjustment', { ScalingGroupId: 'asg-six', AdjustmentType: 'TotalCapacity', AdjustmentValue: 2 }),
    'IncorrectCapacity.NoChange', 400, 'To execute the specified scaling rule, the total capacity will not change.');
  await e(() => call('ModifyScalingGroup', { ScalingGroupId: 'asg-six', ...ids('RemovalPolicy', ['OldestInstance', 'NewestInstance', 'OldestInstance', 'NewestInstance'], 'RemovalPolicies') }),
    'InvalidParameter', 400, `The specified value of parameter "RemovalPolic${old ? 'y' : 'ies'}.N" is not valid.`);
  await e(() => call('DescribeScalingActivities', {}),
    'MissingParameter', 400, 'The input parameter "ScalingGroupId" that is mandatory for processing this request is not supplied.');
}

// A test of a deployment: disable, protection refused, enable attaching two instances, protect,
// standby, a shrink that removes neither, the counters read back, ExitStandby, RemoveInstances.
async function deployment(method, apiVersion) {
  const name = `pop-core-${method}-${apiVersion}`;
  const old = apiVersion === '2014-08-28';
  const call = (action, params) => client(apiVersion).request(action, { RegionId: 'cn-hangzhou', ...params }, { method });
  const list = (prefix, values, plural = `${prefix}s`) => Object.fromEntries(values.map((v, i) => [`${old ? prefix : plural}.${i + 1}`, v]));
  const group = async () => {
    const body = await call('DescribeScalingGroups', list('ScalingGroupId', ['asg-six']));
    return old ? body.ScalingGroups.ScalingGroup[0] : body.ScalingGroups[0];
  };
  await emulator('PUT', '/_emulator/state', {
    ScalingGroups: [{
      ScalingGroupId: 'asg-six', RegionId: 'cn-hangzhou', LifecycleState: 'Active', MinSize: 0, MaxSize: 10,
      Instances: [1, 2, 3].map((n) => ({ InstanceId: `i-s-${n}`, LifecycleState: 'InService', CreationTime: `2026-04-0${n}T00:00:00Z` })),
    }],
  });
  await call('DisableScalingGroup', { ScalingGroupId: 'asg-six' });
  await expectError(name, () => protect(method, apiVersion, 'asg-six', ['i-s-1'], true),
    'IncorrectScalingGroupStatus', 400, 'The current status of the specified scaling group does not support this action.');
  await call('EnableScalingGroup', {
    ScalingGroupId: 'asg-six', LaunchTemplateId: 'lt-1',
    ...list('InstanceId', ['i-att-1', 'i-att-2']), ...list('LoadBalancerWeight', [20, 80]),
  });
  assert.strictEqual((await group()).TotalCapacity, 5);
  await protect(method, apiVersion, 'asg-six', ['i-att-1'], true);
  const standby = await call('EnterStandby', { ScalingGroupId: 'asg-six', ...list('InstanceId', ['i-att-2']) });
  assert.match(standby.ScalingActivityId, ACTIVITY);
  await call('ModifyScalingGroup', { ScalingGroupId: 'asg-six', MaxSize: 2 });
  const counters = await group();
  assert.deepStrictEqual([counters.TotalCapacity, counters.ProtectedCapacity, counters.StandbyCapacity], [2, 1, 1]);
  await call('ExitStandby', { ScalingGroupId: 'asg-six', ...list('InstanceId', ['i-att-2']) });
  assert.strictEqual(await instanceState('i-att-2'), 'InService');
  await remove(method, apiVersion, 'asg-six', ['i-att-1']);
  assert.strictEqual(await instanceState('i-att-1'), null);
  console.log(`ok ${name} deployment: disabled, refused, enabled attaching 2, protected and standby kept by a shrink, back, removed`);
  await expectError(name, () => call('EnterStandby', { ScalingGroupId: 'asg-six', ...list('InstanceId', ['i-nope']) }),
    'InvalidInstanceId.NotFound', 404, 'Instance \u201ci-nope\u201d does not exist.');
  await expectError(name, () => call('EnableScalingGroup', { ScalingGroupId: 'asg-six' }),
    'IncorrectScalingGroupStatus', 400, 'The current status of the specified scaling group does not support this action.');
}

const DENIED = 'A required authorization for the specified action is not supplied.';

// Keys with RAM policies (tests/emulator/keys.json): what each may do, and every refusal
// (403 Forbidden.Unauthorized), changing nothing.
async function ram(method, apiVersion) {
  const name = `pop-core-${method}-${apiVersion}`;
  const group = (id, prefix) => ({
    ScalingGroupId: id, RegionId: 'cn-hangzhou', LifecycleState: 'Active',
    Instances: [1, 2, 3].map((n) => ({ InstanceId: `${prefix}-${n}`, LifecycleState: 'InService', CreationTime: `2026-03-01T00:0${n}:00Z` })),
  });
  await emulator('PUT', '/_emulator/state', { ScalingGroups: [group('asg-a1', 'i-a'), group('asg-b1', 'i-b')] });
  const stateText = async () => (await fetch(`${BASE}/_emulator/state`)).text();
  const denied = async (call) => {
    const before = await stateText();
    await expectError(name, call, 'Forbidden.Unauthorized', 403, DENIED);
    assert.strictEqual(await stateText(), before, `${name}: a refused request changed the state`);
  };
  const key = (id) => ({ keyId: id, secret: `${id}secret` });
  const p = (g, ids, value, k) => protect(method, apiVersion, g, ids, value, k);
  const d = (g, params, k) => describe(method, apiVersion, g, params, k);
  const r = (g, ids, k) => remove(method, apiVersion, g, ids, {}, k);

  await denied(() => p('asg-a1', ['i-a-1'], true, key('reader')));
  await denied(() => r('asg-a1', ['i-a-1'], key('reader')));
  assert.strictEqual((await d('asg-a1', {}, key('reader')))[0], 3);
  console.log(`ok ${name} RAM: a key that may only describe reads, and is refused both writes`);

  await p('asg-a1', ['i-a-1'], true, key('scoped'));
  assert.strictEqual((await d('asg-a1', { LifecycleState: 'Protected' }, key('scoped')))[0], 1);
  await denied(() => p('asg-b1', ['i-b-1'], true, key('scoped')));
  await denied(() => d(null, {}, key('scoped')));
  console.log(`ok ${name} RAM: a key scoped to scalinggroup/asg-a* works on asg-a1`);

  await p('asg-b1', ['i-b-1'], true, key('noremove'));
  await denied(() => r('asg-b1', ['i-b-1'], key('noremove')));
  console.log(`ok ${name} RAM: ess:* with a Deny of RemoveInstances protects, and may not remove`);

  await p('asg-b1', ['i-b-1'], false, key('setter'));
  await denied(() => d('asg-b1', {}, key('setter')));
  assert.strictEqual(await instanceState('i-b-1'), 'InService');
  assert.strictEqual(await instanceState('i-a-1'), 'Protected');
  console.log(`ok ${name} RAM: ess:Set* protects and unprotects, and may not describe`);
}

async function main() {
  console.log(`clients: ${JSON.stringify({ '@alicloud/pop-core': require('@alicloud/pop-core/package.json').version })}`);
  for (const method of ['POST', 'GET']) {
    for (const apiVersion of ['2014-08-28', '2022-02-22']) {
      await run(method, apiVersion);
      await terraformFlow(method, apiVersion, `pop-core-${method}-${apiVersion}`);
      await capacity(method, apiVersion);
      await deployment(method, apiVersion);
      await ram(method, apiVersion);
    }
  }
  console.log('all Node clients passed');
}

main().catch((e) => { console.error(e); process.exit(1); });
