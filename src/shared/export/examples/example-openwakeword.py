from openwakeword.model import Model
model = Model(wakeword_models=["{{MODEL_FILE}}"], inference_framework="onnx")
# feed 16 kHz int16 audio in 80 ms frames (1280 samples); detect when the score >= {{THRESHOLD}}
scores = model.predict(frame)
