// @ts-check
/* global int16Frame */
import { Model } from 'openwakeword-js';
const model = new Model({ wakewordModels: ['{{MODEL_FILE}}'], melspectrogramModelPath: 'melspectrogram.onnx', embeddingModelPath: 'embedding_model.onnx', inferenceFramework: 'onnx' });
await model.init();
const scores = await model.predict(int16Frame); // 1280 samples; detect when scores['{{MODEL_NAME}}'] >= {{THRESHOLD}}
