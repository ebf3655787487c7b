"""YAHPO Gym's LCBench surrogate (model.onnx) evaluated with numpy alone.

Python here has no ONNX runtime, so this module reads the ONNX protobuf itself (a minimal
wire-format reader: varints, length-delimited fields, fixed32/64) and interprets the graph's
17 operator types in float32, as ONNX Runtime does. Inputs as YAHPO Gym's BenchmarkSet builds
them: x_cat int32 [n, 1] (the task's index in encoding.json), x_cont float32 [n, 8] with the raw
values of INPUTS; outputs [n, 6] in the order of OUTPUTS. The Java side
(dev.liandan.bench.LcbenchSurrogate, ONNX Runtime) is tested against this to 1e-5.
"""
import json
import os
import struct

import numpy as np

INPUTS = ["epoch", "batch_size", "learning_rate", "momentum", "weight_decay", "num_layers",
          "max_units", "max_dropout"]
OUTPUTS = ["time", "val_accuracy", "val_cross_entropy", "val_balanced_accuracy",
           "test_cross_entropy", "test_balanced_accuracy"]
EPOCHS = 52

# ONNX TensorProto data types used by the graph
_DTYPES = {1: np.float32, 6: np.int32, 7: np.int64, 9: np.bool_, 11: np.float64}


def _varint(buf, i):
    result, shift = 0, 0
    while True:
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return result, i


def _fields(buf):
    """(field number, wire type, value) of each field of one protobuf message."""
    i, n = 0, len(buf)
    while i < n:
        key, i = _varint(buf, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = _varint(buf, i)
        elif wire == 1:
            value, i = buf[i:i + 8], i + 8
        elif wire == 2:
            length, i = _varint(buf, i)
            value, i = buf[i:i + length], i + length
        elif wire == 5:
            value, i = buf[i:i + 4], i + 4
        else:
            raise ValueError("unsupported protobuf wire type %d" % wire)
        yield number, wire, value


def _signed(v):
    return v - (1 << 64) if v >= 1 << 63 else v


def _packed_varints(value, wire):
    if wire == 0:
        return [_signed(value)]
    out, i = [], 0
    while i < len(value):
        v, i = _varint(value, i)
        out.append(_signed(v))
    return out


def _tensor(buf):
    """An ONNX TensorProto as a numpy array (name, array)."""
    dims, dtype, name, raw = [], 1, "", None
    floats, ints32, ints64, doubles = [], [], [], []
    for f, w, v in _fields(buf):
        if f == 1:
            dims += _packed_varints(v, w)
        elif f == 2:
            dtype = v
        elif f == 4:
            floats += list(struct.unpack("<%df" % (len(v) // 4), v)) if w == 2 else [struct.unpack("<f", v)[0]]
        elif f == 5:
            ints32 += _packed_varints(v, w)
        elif f == 7:
            ints64 += _packed_varints(v, w)
        elif f == 8:
            name = bytes(v).decode()
        elif f == 9:
            raw = bytes(v)
        elif f == 10:
            doubles += list(struct.unpack("<%dd" % (len(v) // 8), v)) if w == 2 else [struct.unpack("<d", v)[0]]
    np_type = _DTYPES[dtype]
    if raw is not None:
        array = np.frombuffer(raw, dtype=np.dtype(np_type).newbyteorder("<")).astype(np_type)
    elif dtype == 1:
        array = np.array(floats, dtype=np_type)
    elif dtype == 11:
        array = np.array(doubles, dtype=np_type)
    elif dtype == 7:
        array = np.array(ints64, dtype=np_type)
    else:
        array = np.array(ints32, dtype=np_type)
    return name, array.reshape(dims)


def _attribute(buf):
    a = {"ints": []}
    for f, w, v in _fields(buf):
        if f == 1:
            a["name"] = bytes(v).decode()
        elif f == 2:
            a["f"] = struct.unpack("<f", v)[0]
        elif f == 3:
            a["i"] = _signed(v)
        elif f == 5:
            a["t"] = _tensor(v)[1]
        elif f == 8:
            a["ints"] += _packed_varints(v, w)
    return a


class Graph:
    """The nodes, initialisers and output of an ONNX model file."""

    def __init__(self, path):
        with open(path, "rb") as f:
            model = f.read()
        graph = next(v for f, w, v in _fields(model) if f == 7)
        self.nodes, self.initialisers, self.output = [], {}, None
        for f, w, v in _fields(graph):
            if f == 1:
                node = {"inputs": [], "outputs": [], "attributes": {}}
                for f2, w2, v2 in _fields(v):
                    if f2 == 1:
                        node["inputs"].append(bytes(v2).decode())
                    elif f2 == 2:
                        node["outputs"].append(bytes(v2).decode())
                    elif f2 == 4:
                        node["op"] = bytes(v2).decode()
                    elif f2 == 5:
                        a = _attribute(v2)
                        node["attributes"][a["name"]] = a
                self.nodes.append(node)
            elif f == 5:
                name, array = _tensor(v)
                self.initialisers[name] = array
            elif f == 12:
                self.output = next(bytes(v2).decode() for f2, w2, v2 in _fields(v) if f2 == 1)

    def run(self, feeds):
        values = dict(self.initialisers)
        values.update(feeds)
        for node in self.nodes:
            args = [values[name] if name else None for name in node["inputs"]]
            values[node["outputs"][0]] = _OPS[node["op"]](args, node["attributes"])
        return values[self.output]


def _attr(attrs, name, key, default=None):
    return attrs[name][key] if name in attrs else default


def _slice(args, attrs):
    data, starts, ends = args[0], args[1], args[2]
    axes = args[3] if len(args) > 3 and args[3] is not None else np.arange(len(starts))
    steps = args[4] if len(args) > 4 and args[4] is not None else np.ones(len(starts), dtype=np.int64)
    index = [slice(None)] * data.ndim
    for s, e, a, st in zip(starts, ends, axes, steps):
        index[int(a)] = slice(int(s), int(min(e, np.iinfo(np.int64).max)), int(st))
    return data[tuple(index)]


def _batch_norm(args, attrs):
    x, scale, bias, mean, var = args[:5]
    eps = np.float32(_attr(attrs, "epsilon", "f", 1e-5))
    shape = (1, -1) + (1,) * (x.ndim - 2)
    return ((x - mean.reshape(shape)) / np.sqrt(var.reshape(shape) + eps) * scale.reshape(shape)
            + bias.reshape(shape)).astype(x.dtype)


def _gemm(args, attrs):
    a, b = args[0], args[1]
    if _attr(attrs, "transA", "i", 0):
        a = a.T
    if _attr(attrs, "transB", "i", 0):
        b = b.T
    y = np.float32(_attr(attrs, "alpha", "f", 1.0)) * (a @ b)
    if len(args) > 2 and args[2] is not None:
        y = y + np.float32(_attr(attrs, "beta", "f", 1.0)) * args[2]
    return y.astype(np.float32)


def _unsqueeze(args, attrs):
    axes = args[1] if len(args) > 1 else attrs["axes"]["ints"]
    x = args[0]
    for a in sorted(int(a) if a >= 0 else int(a) + x.ndim + len(axes) for a in np.ravel(axes)):
        x = np.expand_dims(x, a)
    return x


_OPS = {
    "Constant": lambda args, attrs: attrs["value"]["t"],
    "Cast": lambda args, attrs: args[0].astype(_DTYPES[attrs["to"]["i"]]),
    "Gather": lambda args, attrs: np.take(args[0], args[1].astype(np.int64), axis=_attr(attrs, "axis", "i", 0)),
    "Add": lambda args, attrs: args[0] + args[1],
    "Sub": lambda args, attrs: args[0] - args[1],
    "Mul": lambda args, attrs: args[0] * args[1],
    "Div": lambda args, attrs: args[0] / args[1],
    "Log": lambda args, attrs: np.log(args[0]),
    "Exp": lambda args, attrs: np.exp(args[0]),
    "Relu": lambda args, attrs: np.maximum(args[0], np.zeros((), dtype=args[0].dtype)),
    "Sigmoid": lambda args, attrs: (1 / (1 + np.exp(-args[0]))).astype(args[0].dtype),
    "Gemm": _gemm,
    "Slice": _slice,
    "Concat": lambda args, attrs: np.concatenate(args, axis=attrs["axis"]["i"]),
    "Unsqueeze": _unsqueeze,
    "Shape": lambda args, attrs: np.array(args[0].shape, dtype=np.int64),
    "BatchNormalization": _batch_norm,
}


def default_dir():
    """../shared/benchmarks/yahpo-lcbench beside the project (this file is in <project>/bench/)."""
    project = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return os.path.join(os.path.dirname(project), "shared", "benchmarks", "yahpo-lcbench")


class Surrogate:
    """The LCBench surrogate of one folder: model.onnx, encoding.json, config_space.json."""

    def __init__(self, folder=None):
        folder = folder or default_dir()
        self.graph = Graph(os.path.join(folder, "model.onnx"))
        with open(os.path.join(folder, "encoding.json")) as f:
            self.index = json.load(f)["OpenML_task_id"]
        with open(os.path.join(folder, "config_space.json")) as f:
            space = json.load(f)
        self.tasks = next(p["choices"] for p in space["hyperparameters"] if p["name"] == "OpenML_task_id")

    def evaluate(self, tasks, rows):
        """Outputs [n, 6] for rows [n, 8] (INPUTS order) on tasks [n] (task ids as strings)."""
        x_cat = np.array([[self.index[str(t)]] for t in tasks], dtype=np.int32)
        x_cont = np.asarray(rows, dtype=np.float32).reshape(-1, len(INPUTS))
        return self.graph.run({"x_cat": x_cat, "x_cont": x_cont})

    def curve(self, task, config):
        """(validation accuracy, cumulative non-decreasing time) for epochs 1..52 of one config (dict)."""
        rows = [[e] + [config[name] for name in INPUTS[1:]] for e in range(1, EPOCHS + 1)]
        out = self.evaluate([task] * EPOCHS, rows).astype(np.float64)
        return out[:, 1], np.maximum.accumulate(np.maximum(out[:, 0], 0.0))


if __name__ == "__main__":
    # Reads rows "task,epoch,batch_size,...,max_dropout" on standard input, prints the outputs:
    # what the Java test of agreement with ONNX Runtime calls.
    import sys
    s = Surrogate(sys.argv[1] if len(sys.argv) > 1 else None)
    lines = [line.split(",") for line in sys.stdin.read().split("\n") if line.strip()]
    out = s.evaluate([l[0] for l in lines], [[float(v) for v in l[1:]] for l in lines])
    for row in out:
        print(",".join(repr(float(v)) for v in row))
