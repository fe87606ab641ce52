/**
 * A config exactly as Wakeword Studio's version 1 wrote it (optimiser inside `training`, clip length in
 * `data.clip_ms`, split in percent; no `optimizer` section, no `model.budget`), frozen here on purpose: a
 * fixture built from today's defaults would follow every later change and test nothing about version 1.
 * Never edit it to match the current schema; the migration is what must keep up.
 */
export const CONFIG_V1: unknown = {
  "version": 1,
  "data": {
    "sample_rate": 16000,
    "clip_ms": 1500
  },
  "features": {
    "n_mels": 40,
    "n_fft": 400,
    "win_length": 400,
    "hop_length": 160,
    "f_min": 0,
    "f_max": 8000,
    "cmvn": true
  },
  "augmentation": {
    "time_shift": {
      "probability": 0.5,
      "min": -0.1,
      "max": 0.1
    },
    "gain": {
      "probability": 0.5,
      "min": -6,
      "max": 6
    },
    "background_noise": {
      "probability": 0.5,
      "min": 5,
      "max": 20
    },
    "reverb": {
      "probability": 0.2,
      "min": 0.1,
      "max": 0.4
    },
    "speed": {
      "probability": 0.2,
      "min": 0.9,
      "max": 1.1
    },
    "pitch": {
      "probability": 0.1,
      "min": -1,
      "max": 1
    },
    "spec_augment": {
      "probability": 0.5,
      "time_masks": 2,
      "time_mask_width": 10,
      "freq_masks": 2,
      "freq_mask_width": 5
    }
  },
  "model": {
    "architecture": "dscnn",
    "dropout": 0.2,
    "dscnn": {
      "channels": 64,
      "blocks": 4
    },
    "res8": {
      "channels": 45
    },
    "tc_resnet8": {
      "width_multiplier": 1
    },
    "crnn": {
      "conv_channels": 16,
      "gru_units": 64,
      "gru_layers": 1
    }
  },
  "training": {
    "batch_size": 64,
    "epochs": 30,
    "prefetch": 2,
    "early_stopping": {
      "enabled": true,
      "patience": 8,
      "metric": "val_loss"
    },
    "checkpoint": {
      "keep_last": 3,
      "save_best": true
    },
    "ema": {
      "enabled": false,
      "decay": 0.999
    },
    "seed": 42,
    "backend": "auto",
    "optimizer": "sgd",
    "learning_rate": 0.05,
    "weight_decay": 0.0001,
    "momentum": 0.8,
    "grad_clip": 1
  },
  "loss": {
    "type": "cross_entropy",
    "label_smoothing": 0.05,
    "focal_alpha": 0.25,
    "focal_gamma": 2,
    "class_weights": "balanced",
    "custom_weights": {
      "negative": 1,
      "positive": 1
    },
    "hard_negative_weight": 2
  },
  "selection": {
    "metric": "val_frr_at_target_fah",
    "target_fah": 0.5
  },
  "split": {
    "train": 70,
    "validation": 20,
    "test": 10
  }
};
