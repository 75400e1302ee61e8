#pragma once
// A GPU as a run's topology and trace lanes, for plugins whose "machine" is an algorithm on a GPU
// priced by the shared BaselineModel: one device with its SMs split into a tensor-core lane
// (matmuls, attention), a vector lane (norms, softmax, elementwise) and one lane of the plugin's
// own (token merging, pruning...), and HBM. Ops run one after another (no overlap); each op's
// memory term shows on HBM as a read from the op's start.

#include <functional>
#include <vector>

#include <QString>

#include "core/api/topology.h"
#include "core/api/trace.h"
#include "core/hw/baselinemodel.h"
#include "core/workloads/workloadop.h"

namespace accelscope {

class GpuLanes {
public:
    // Adds gpu0 > SMs > {tensor cores, vector, `extraLane`} and gpu0 > HBM to `topology`.
    GpuLanes(Topology &topology, const BaselineModel &gpu, const QString &vectorDoc, const QString &extraLane,
             const QString &extraDoc);

    // Emits `ops` from `now` on, one after another, and returns the time after the last. Ops for
    // which `onExtraLane` holds go to the plugin's lane (matrix kind for matmuls, special otherwise).
    TimePs emit(TraceSink &sink, const std::vector<WorkloadOp> &ops, TimePs now,
                const std::function<bool(const WorkloadOp &)> &onExtraLane = {}) const;

    UnitId tensorLane() const { return tensor_; }
    UnitId vectorLane() const { return vector_; }
    UnitId extraLane() const { return extra_; }
    UnitId memory() const { return hbm_; }

private:
    const BaselineModel *gpu_;
    UnitId tensor_ = kNoUnit, vector_ = kNoUnit, extra_ = kNoUnit, hbm_ = kNoUnit;
};

// The lanes of a text-generation run on one GPU or a group of them, for plugins that keep their
// own topology (LaProx, POP): tensor cores, vector units, the plugin's own kernels, and the
// interconnect for collectives. Index a plugin's lane units by it.
enum class ServingLane { TensorCores, VectorUnits, Plugin, Interconnect };
inline constexpr int kServingLaneCount = 4;

// Collectives on the interconnect; the plugin's own kernels (`pluginOp`) on its lane; matmuls and
// attention on the tensor cores; the rest on the vector units.
ServingLane servingLaneOf(const WorkloadOp &op, bool pluginOp);

// Emits `ops` one after another from `start` on lanes[servingLaneOf(op, pluginOps)], priced by
// `gpu`; adds their energy to `energyJ` and returns the time after the last.
TimePs emitServingOps(TraceSink &sink, const BaselineModel &gpu, const std::vector<UnitId> &lanes,
                      const std::vector<WorkloadOp> &ops, TimePs start, bool pluginOps, double &energyJ);

}  // namespace accelscope
