#!/usr/bin/env python3
"""Writes the tensor names and shapes of three published checkpoints (SmolLM2-135M, Qwen2.5-0.5B, Llama-3.2-1B).

No model hub is reachable where these tests run, so the lists are derived from each public config.json (beside this
script) with the parameter naming of Hugging Face's modeling_llama.py / modeling_qwen2.py, not from our engine. The
totals are checked against the parameter counts the model cards publish, which catches a wrong shape or a missing
tensor. Run: python3 make-keys.py (writes NAME.keys.json).
"""
import json, pathlib

PUBLISHED_PARAMETERS = {"smollm2-135m": 134_515_008, "qwen2.5-0.5b": 494_032_768, "llama-3.2-1b": 1_235_814_400}

def keys(c):
    d, m, v = c["hidden_size"], c["intermediate_size"], c["vocab_size"]
    h, g = c["num_attention_heads"], c.get("num_key_value_heads") or c["num_attention_heads"]
    e = c.get("head_dim") or d // h
    qkv_bias = c["model_type"] == "qwen2" or c.get("attention_bias", False)
    out = {"model.embed_tokens.weight": [v, d]}
    for i in range(c["num_hidden_layers"]):
        p = f"model.layers.{i}."
        for name, rows in (("q_proj", h * e), ("k_proj", g * e), ("v_proj", g * e)):
            out[p + f"self_attn.{name}.weight"] = [rows, d]
            if qkv_bias: out[p + f"self_attn.{name}.bias"] = [rows]
        out[p + "self_attn.o_proj.weight"] = [d, h * e]
        out[p + "mlp.gate_proj.weight"] = [m, d]
        out[p + "mlp.up_proj.weight"] = [m, d]
        out[p + "mlp.down_proj.weight"] = [d, m]
        out[p + "input_layernorm.weight"] = [d]
        out[p + "post_attention_layernorm.weight"] = [d]
    out["model.norm.weight"] = [d]
    if not c.get("tie_word_embeddings", False): out["lm_head.weight"] = [v, d]
    return out

here = pathlib.Path(__file__).parent
for name, published in PUBLISHED_PARAMETERS.items():
    tensors = keys(json.loads((here / f"{name}.config.json").read_text()))
    total = sum(eval("*".join(map(str, shape))) for shape in tensors.values())
    assert total == published, f"{name}: {total:,} parameters, the model card says {published:,}"
    (here / f"{name}.keys.json").write_text(json.dumps(tensors, indent=1) + "\n")
    print(f"{name}: {len(tensors)} tensors, {total:,} parameters")
