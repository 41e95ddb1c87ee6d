#!/usr/bin/env python3
"""Writes the tensor names and shapes of roberta-base and distilbert-base-uncased fine-tuned as two-label sequence
classifiers (RobertaForSequenceClassification, DistilBertForSequenceClassification).

No model hub is reachable where these tests run, so the lists are derived from each public config.json (beside this
script) with the parameter naming of Hugging Face's modeling_roberta.py / modeling_distilbert.py, not from our engine.
The bare encoders' totals are checked against the counts transformers reports for them (RobertaModel with its pooler,
DistilBertModel), which catches a wrong shape or a missing tensor. Run: python3 make-keys.py (writes NAME.keys.json).
"""
import json, math, pathlib

LABELS = 2
PUBLISHED_BARE_PARAMETERS = {"roberta-base": 124_645_632, "distilbert-base-uncased": 66_362_880}

def linear(out, name, rows, cols):
    out[name + ".weight"] = [rows, cols]
    out[name + ".bias"] = [rows]

def norm(out, name, d):
    out[name + ".weight"] = [d]
    out[name + ".bias"] = [d]

def roberta(c):
    d, m = c["hidden_size"], c["intermediate_size"]
    out = {"roberta.embeddings.word_embeddings.weight": [c["vocab_size"], d],
           "roberta.embeddings.position_embeddings.weight": [c["max_position_embeddings"], d],
           "roberta.embeddings.token_type_embeddings.weight": [c["type_vocab_size"], d]}
    norm(out, "roberta.embeddings.LayerNorm", d)
    for i in range(c["num_hidden_layers"]):
        p = f"roberta.encoder.layer.{i}."
        for name in ("query", "key", "value"): linear(out, p + "attention.self." + name, d, d)
        linear(out, p + "attention.output.dense", d, d)
        norm(out, p + "attention.output.LayerNorm", d)
        linear(out, p + "intermediate.dense", m, d)
        linear(out, p + "output.dense", d, m)
        norm(out, p + "output.LayerNorm", d)
    bare = count(out) + d * d + d  # RobertaModel's pooler, which the classifier does not have
    linear(out, "classifier.dense", d, d)
    linear(out, "classifier.out_proj", LABELS, d)
    return out, bare

def distilbert(c):
    d, m = c["dim"], c["hidden_dim"]
    out = {"distilbert.embeddings.word_embeddings.weight": [c["vocab_size"], d],
           "distilbert.embeddings.position_embeddings.weight": [c["max_position_embeddings"], d]}
    norm(out, "distilbert.embeddings.LayerNorm", d)
    for i in range(c["n_layers"]):
        p = f"distilbert.transformer.layer.{i}."
        for name in ("q_lin", "k_lin", "v_lin", "out_lin"): linear(out, p + "attention." + name, d, d)
        norm(out, p + "sa_layer_norm", d)
        linear(out, p + "ffn.lin1", m, d)
        linear(out, p + "ffn.lin2", d, m)
        norm(out, p + "output_layer_norm", d)
    bare = count(out)
    linear(out, "pre_classifier", d, d)
    linear(out, "classifier", LABELS, d)
    return out, bare

def count(tensors): return sum(math.prod(shape) for shape in tensors.values())

here = pathlib.Path(__file__).parent
for name, build in (("roberta-base", roberta), ("distilbert-base-uncased", distilbert)):
    tensors, bare = build(json.loads((here / f"{name}.config.json").read_text()))
    assert bare == PUBLISHED_BARE_PARAMETERS[name], f"{name}: {bare:,} parameters in the bare model, transformers reports {PUBLISHED_BARE_PARAMETERS[name]:,}"
    (here / f"{name}.keys.json").write_text(json.dumps(tensors, indent=1) + "\n")
    print(f"{name}: {len(tensors)} tensors, {count(tensors):,} parameters as a {LABELS}-label classifier")
