import keras

from helpers.schedule_experiments import build_network


def test_the_lab_network_has_one_hidden_layer_of_16_units_and_the_given_optimizer():
    optimizer = keras.optimizers.SGD(learning_rate=0.1, momentum=0.8)
    model = build_network(optimizer, n_inputs=4, n_classes=2)
    assert model.optimizer is optimizer
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    assert [layer.units for layer in dense][0] == 16
    assert model.input_shape == (None, 4)
