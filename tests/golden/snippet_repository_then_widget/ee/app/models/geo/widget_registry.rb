# frozen_string_literal: true

class Geo::WidgetRegistry < Geo::BaseRegistry
  include Geo::StateMachineRegistry

  belongs_to :widget, class_name: 'Widget'
end
