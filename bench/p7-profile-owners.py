# For bench/p7-profile.sh: reads a dotnet-trace speedscope file (sampled thread stacks) and prints where the busy time
# went, by the innermost frame of our own code (pool, runtime, hosting, sample) or of the framework piece (Kestrel, TLS,
# JSON) above the leaf. Samples whose top frames are waits (semaphores, epoll, Monitor.Wait) are left out.
# Usage: p7-profile-owners.py trace.speedscope.json [rows]
import json,sys,collections
d=json.load(open(sys.argv[1]))
frames=[f['name'] for f in d['shared']['frames']]
WAIT=('WaitOneNoCheck','Monitor.Wait','LowLevelLifoSemaphore','Interop+Sys.Read','WaitNative','EventPipe','Missing Symbol','Thread.Sleep','Interop+Sys.WaitForSocketEvents','PollGC','RunFinalizers','Sys.Poll','SocketAsyncEngine.EventLoop')
def owner(n):
    if n.startswith('WorkerSockets.Hosting!WorkerSockets.Hosting.Hyperdrive'): return 'pool:'+n.split('Hyperdrive.')[1].split('+')[0].split('.')[1 if n.split('Hyperdrive.')[1].count('.')>1 else 0][:40]
    for p,o in [('Customers!','sample'),('WorkerSockets.Hosting!','hosting'),('WorkerSockets!','runtime'),('Microsoft.AspNetCore','aspnetcore'),('System.Net.Security','tls'),('System.Text.Json','json'),('Microsoft.Extensions','extensions'),('System.Net.Http','http')]:
        if n.startswith(p): return o
    return None
acc=collections.Counter(); detail=collections.Counter(); tot=0
for p in d['profiles']:
    stack=[]; last=None
    for e in p['events']:
        t=e['at']
        if stack and last is not None and t>last:
            w=t-last
            if not any(k in frames[x] for x in stack[-3:] for k in WAIT):
                tot+=w; o='other'
                for fi in reversed(stack):
                    oo=owner(frames[fi])
                    if oo: o=oo; detail[(oo,frames[fi][:150])]+=w; break
                acc[o.split(':')[0]]+=w
        last=t
        if e['type']=='O': stack.append(e['frame'])
        elif stack: stack.pop()
for k,v in acc.most_common(): print(f'{v/tot*100:6.2f}% {k}')
print('---')
for (o,f),v in detail.most_common(int(sys.argv[2]) if len(sys.argv)>2 else 50): print(f'{v/tot*100:6.2f}% {o:12s} {f}')
