# frozen_string_literal: true

class Geo::{{ n.registry_class }} < Geo::BaseRegistry
  include Geo::StateMachineRegistry

  belongs_to :{{ n.name }}, class_name: '{{ n.model_class }}'
end
