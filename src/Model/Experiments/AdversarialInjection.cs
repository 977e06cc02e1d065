using UnlearnRec.Core.Data;
using UnlearnRec.Core.Graphs;

namespace UnlearnRec.Model.Experiments;

/// <summary>The result of <see cref="AdversarialAttack.Inject"/>.</summary>
public sealed record AdversarialInjection
{
    /// <summary>Injected edges (distinct, none of them a clean training edge): the unlearning request.</summary>
    public required EdgeList Injected { get; init; }

    /// <summary>The attacked training graph: clean ∪ injected.</summary>
    public required BipartiteGraph Attacked { get; init; }

    /// <summary>Users that received their lowest-scored item (⌊r·I⌉ of them).</summary>
    public required int UserPicks { get; init; }

    /// <summary>Items that received their lowest-scored user (⌊r·J⌉ of them).</summary>
    public required int ItemPicks { get; init; }

    /// <summary>Picks before de-duplication (<see cref="UserPicks"/> + <see cref="ItemPicks"/>).</summary>
    public int PicksBeforeDedupe => UserPicks + ItemPicks;
}
